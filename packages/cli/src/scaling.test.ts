import type { ServiceName } from '@thermostream/config';
import { instanceLaunch, planScaling } from './scaling.ts';

const running = (entries: [ServiceName, number[]][]) => new Map<ServiceName, number[]>(entries);
const allOnce = (): [ServiceName, number[]][] => [
  ['raw-archiver', [0]],
  ['filter', [0]],
  ['region-partitioner', [0]],
  ['scd-writer', [0]],
  ['aggregator', [0]],
  ['lake-writer', [0]],
];

describe('planScaling', () => {
  it('starts the missing instances of a service scaled out', () => {
    expect(planScaling(running(allOnce()), { 'scd-writer': 3 })).toEqual({
      start: [
        { service: 'scd-writer', instance: 1 },
        { service: 'scd-writer', instance: 2 },
      ],
      stop: [],
    });
  });

  it('stops the highest-numbered instances when scaling in, and never touches http-ingest', () => {
    const plan = planScaling(running([...allOnce().filter(([service]) => service !== 'filter'), ['filter', [0, 1, 2]], ['http-ingest', [0]]]), {
      filter: 1,
    });
    expect(plan).toEqual({
      start: [],
      stop: [
        { service: 'filter', instance: 2 },
        { service: 'filter', instance: 1 },
      ],
    });
  });

  it('restarts an instance that is missing even when nothing changed', () => {
    expect(planScaling(running(allOnce().filter(([service]) => service !== 'aggregator')), {}).start).toEqual([{ service: 'aggregator', instance: 0 }]);
  });
});

describe('instanceLaunch', () => {
  it('gives each further instance its own metrics port', () => {
    const launch = { service: 'filter' as const, port: 19103, environment: { METRICS_PORT: '19103', KAFKA_BROKERS: 'b' } };
    expect(instanceLaunch(launch, 0)).toBe(launch);
    expect(instanceLaunch(launch, 2)).toEqual({ service: 'filter', port: 19303, environment: { METRICS_PORT: '19303', KAFKA_BROKERS: 'b' } });
  });
});
