import { pipelineScope, processingChain } from './pipeline-scope.ts';

const config = { dataDir: '/data', logDir: '/data/logs', archiveDir: '/data/archive', lakeDir: '/data/lake' };

describe('pipelineScope', () => {
  it('runs the seven services of the product on the default ports and owns the stack', () => {
    const scope = pipelineScope(config, '');
    expect(scope.services).toHaveLength(7);
    expect(scope).toMatchObject({ portOffset: 0, ownsStack: true, archiveDir: '/data/archive', lakeDir: '/data/lake', pidFile: '/data/run/pipeline.pid', scaleFile: '/data/run/scale.json' });
  });

  it('runs a second model as the processing chain only, on shifted ports, with files of its own', () => {
    const scope = pipelineScope(config, 'model2');
    expect(scope.services).toEqual(processingChain);
    expect(scope.services).not.toContain('http-ingest');
    expect(scope.services).not.toContain('raw-archiver');
    expect(scope.services).toContain('lake-writer');
    expect(scope).toMatchObject({
      portOffset: 1000,
      ownsStack: false,
      logDir: '/data/logs/model2',
      lakeDir: '/data/lake-model2',
      pidFile: '/data/run/pipeline-model2.pid',
      scaleFile: '/data/run/scale-model2.json',
    });
    expect(pipelineScope(config, 'model2', 2000).portOffset).toBe(2000);
  });

  it.each(['Model2', '2model', 'model-2', 'public', 'a'.repeat(41)])('refuses the namespace %s', (namespace) => {
    expect(() => pipelineScope(config, namespace)).toThrow(/namespace/);
  });
});
