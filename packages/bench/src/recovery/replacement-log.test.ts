import { caughtUpMessage, metricTotal, readReplacementLog, rebuiltMessage } from './replacement-log.ts';

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'info', time: '2026-12-07T10:00:00.000Z', service: 'scd-writer', ...fields });
const catchUpLine = (pid: number, msg: string, partition: number, restored: number, seconds: number) =>
  line({ pid, partition, from: msg === rebuiltMessage ? 'beginning' : 120, to: 120 + restored, restored, seconds, idsPerSecond: Math.round(restored / seconds), msg });

describe('readReplacementLog', () => {
  it('sums the partitions of a rebuild and divides the ids by the seconds', () => {
    const log = [
      line({ pid: 7, time: '2026-12-07T10:00:03.250Z', component: 'consumer', partitions: [0, 1], msg: 'joined group' }),
      catchUpLine(7, rebuiltMessage, 0, 60_000, 0.5),
      catchUpLine(7, rebuiltMessage, 1, 40_000, 0.5),
    ].join('\n');
    expect(readReplacementLog(log, 7)).toEqual({
      joinedAt: Date.parse('2026-12-07T10:00:03.250Z'),
      catchUp: { store: 'rebuilt', partitions: 2, restored: 100_000, seconds: 1, idsPerSecond: 100_000 },
    });
  });

  it("keeps to the replacement's own lines: the killed instance wrote to the same file", () => {
    const log = [
      line({ pid: 6, time: '2026-12-07T09:59:00.000Z', msg: 'joined group' }),
      catchUpLine(6, rebuiltMessage, 0, 5, 0.01),
      line({ pid: 7, time: '2026-12-07T10:00:05.000Z', msg: 'joined group' }),
      catchUpLine(7, caughtUpMessage, 3, 1_200, 0.04),
      line({ pid: 7, time: '2026-12-07T10:00:30.000Z', msg: 'joined group' }),
    ].join('\n');
    const read = readReplacementLog(log, 7);
    expect(read.joinedAt).toBe(Date.parse('2026-12-07T10:00:05.000Z'));
    expect(read.catchUp).toEqual({ store: 'caught up', partitions: 1, restored: 1_200, seconds: 0.04, idsPerSecond: 30_000 });
  });

  it('says a store that was at the end of every changelog had nothing to read', () => {
    const log = `${line({ pid: 7, msg: 'joined group' })}\n${line({ pid: 7, msg: 'ops server listening: /metrics /healthz /readyz' })}\n`;
    expect(readReplacementLog(log, 7).catchUp).toEqual({ store: 'nothing to read', partitions: 0, restored: 0, seconds: 0, idsPerSecond: null });
  });

  it('skips what is not a JSON object and waits for a join not logged yet', () => {
    const log = ['(node:7) ExperimentalWarning: something', '{"pid":7,"msg":"joined gr', '[1,2]', 'null', catchUpLine(7, caughtUpMessage, 0, 10, 0)].join('\n');
    expect(readReplacementLog(log, 7)).toEqual({ joinedAt: null, catchUp: { store: 'caught up', partitions: 1, restored: 10, seconds: 0, idsPerSecond: null } });
  });
});

describe('metricTotal', () => {
  const exposition = [
    '# HELP thermostream_records_consumed_total Kafka records consumed and handled.',
    '# TYPE thermostream_records_consumed_total counter',
    'thermostream_records_consumed_total{topic="bench_1.readings.regional"} 12',
    'thermostream_records_consumed_total{topic="other"} 3',
    'thermostream_records_consumed_totally 100',
    'thermostream_state_restored_records_total 4500',
  ].join('\n');

  it('sums the samples of the metric named, whatever their labels', () => {
    expect(metricTotal(exposition, 'thermostream_records_consumed_total')).toBe(15);
    expect(metricTotal(exposition, 'thermostream_state_restored_records_total')).toBe(4500);
  });

  it('is 0 before the metric has a sample', () => {
    expect(metricTotal(exposition, 'thermostream_deltas_emitted_total')).toBe(0);
  });
});
