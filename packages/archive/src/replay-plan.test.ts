import { archiveFilePath } from './layout.ts';
import { inTechnicalRange, planReplay } from './replay-plan.ts';
import { archivedRecord } from './test-records.ts';

const at = (hour: number, minute = 0) => Date.UTC(2026, 10, 24, hour, minute);

const archived = (receivedAt: number | null, timestamp: number) => archivedRecord(0, receivedAt, timestamp);

describe('replay plan', () => {
  const files = [
    archiveFilePath('readings.raw', 1, 900, at(11)),
    archiveFilePath('readings.raw', 0, 1000, at(10)),
    archiveFilePath('readings.raw', 0, 20, at(9)),
    archiveFilePath('readings.raw', 0, 3, at(9)),
    archiveFilePath('readings.raw', 1, 0, at(8)),
    archiveFilePath('readings.raw', 0, 1500, at(12)),
    'dt=2026-11-24/hour=10/.readings.raw+0+0000000000000002000.avro.tmp',
  ];

  it('keeps the files whose technical hour overlaps the range, per partition in offset order', () => {
    expect(planReplay(files, { from: at(9, 30), to: at(11, 15) })).toEqual([
      { topic: 'readings.raw', partition: 0, files: [files[3], files[2], files[1]] },
      { topic: 'readings.raw', partition: 1, files: [files[0]] },
    ]);
  });

  it('treats the range as half-open: a file of the hour that starts at `to` is not read', () => {
    expect(planReplay(files, { from: at(9), to: at(10) })).toEqual([{ topic: 'readings.raw', partition: 0, files: [files[3], files[2]] }]);
    expect(planReplay(files, { from: at(13), to: at(14) })).toEqual([]);
  });

  it('orders offsets as numbers, and keeps two topics of one archive apart', () => {
    const mixed = [archiveFilePath('b.readings.raw', 0, 10, at(9)), archiveFilePath('readings.raw', 0, 9, at(9)), archiveFilePath('readings.raw', 0, 10, at(9))];
    expect(planReplay(mixed, { from: at(0), to: at(23) })).toEqual([
      { topic: 'b.readings.raw', partition: 0, files: [mixed[0]] },
      { topic: 'readings.raw', partition: 0, files: [mixed[1], mixed[2]] },
    ]);
  });

  it('selects records by ingest time, or by Kafka timestamp for direct publishers', () => {
    const range = { from: at(10), to: at(11) };
    expect(inTechnicalRange(archived(at(10), at(3)), range)).toBe(true);
    expect(inTechnicalRange(archived(at(11), at(10, 30)), range)).toBe(false);
    expect(inTechnicalRange(archived(null, at(10, 59)), range)).toBe(true);
    expect(inTechnicalRange(archived(null, at(9, 59)), range)).toBe(false);
  });
});
