import { launchOf, pipelineLaunches } from './service-launches.ts';

const endpoints = {
  kafkaBrokers: ['127.0.0.1:19092'],
  schemaRegistryUrl: 'http://127.0.0.1:18081/apis/ccompat/v7',
  postgresUrl: 'postgres://owner@127.0.0.1:15432/thermostream',
  postgresAdminUrl: 'postgres://admin@127.0.0.1:15432/thermostream',
  postgresAnalystUrl: 'postgres://analyst@127.0.0.1:15432/thermostream',
};

describe('pipelineLaunches', () => {
  it("gives http-ingest the local partner's key when there is one", () => {
    const ingest = launchOf(pipelineLaunches({ endpoints, namespace: '', archiveDir: '/data/archive', apiKey: 'secret', ports: { 'http-ingest': 4000 } }), 'http-ingest');
    expect(ingest.port).toBe(4000);
    expect(ingest.environment).toMatchObject({ INGEST_PORT: '4000', INGEST_API_KEYS: 'local:secret' });
  });

  it('names no partner without a key: whoever starts http-ingest gives it its keys', () => {
    const ingest = launchOf(pipelineLaunches({ endpoints, namespace: 'bench_1', archiveDir: '/data/logs' }), 'http-ingest');
    expect(ingest.environment).not.toHaveProperty('INGEST_API_KEYS');
    expect(ingest.environment).toMatchObject({ PIPELINE_NAMESPACE: 'bench_1' });
  });

  it('puts the lake beside the archive unless told otherwise', () => {
    const lakeDirOf = (lakeDir?: string) => launchOf(pipelineLaunches({ endpoints, namespace: '', archiveDir: '/data/archive', ...(lakeDir ? { lakeDir } : {}) }), 'lake-writer').environment.LAKE_DIR;
    expect(lakeDirOf()).toBe('/data/lake');
    expect(lakeDirOf('/srv/lake')).toBe('/srv/lake');
  });
});
