import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RawReading } from '@thermostream/avro';
import { archiveFilePath, planArchiveChunks, type ArchivedRecord } from './archive-layout.js';
import { localDirectoryStorage } from './archive-storage.js';
import { decodeContainer, encodeContainer } from './avro-container.js';

const reading = (id: string, receivedAt: number | null): RawReading => ({
  id,
  timestamp: '2026-11-24 10:15:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 12.5,
  country: 'France',
  version: null,
  ingest: receivedAt === null ? null : { received_at: receivedAt, partner: 'acme', request_id: 'req' },
});

const record = (partition: number, offset: number, receivedAt: number): ArchivedRecord => ({
  partition,
  offset: String(offset),
  timestamp: 0,
  value: reading(`r-${partition}-${offset}`, receivedAt),
});

const at = (hour: number, minute = 0) => Date.UTC(2026, 10, 24, hour, minute);

describe('archive layout', () => {
  it('names a file from topic, partition and first offset under its ingest date and hour', () => {
    expect(archiveFilePath('readings.raw', 3, '42', at(9, 59))).toBe('dt=2026-11-24/hour=09/readings.raw+3+0000000000000000042.avro');
  });

  it('splits at the hour boundary, per partition and at the record limit, in offset order', () => {
    const chunks = planArchiveChunks(
      'readings.raw',
      [record(0, 2, at(10, 1)), record(0, 0, at(9, 58)), record(0, 1, at(9, 59)), record(1, 7, at(10)), record(0, 3, at(10, 2)), record(0, 4, at(10, 3))],
      2,
    );
    expect(chunks.map((chunk) => [chunk.path, chunk.records.map((entry) => entry.offset)])).toEqual([
      ['dt=2026-11-24/hour=09/readings.raw+0+0000000000000000000.avro', ['0', '1']],
      ['dt=2026-11-24/hour=10/readings.raw+0+0000000000000000002.avro', ['2', '3']],
      ['dt=2026-11-24/hour=10/readings.raw+0+0000000000000000004.avro', ['4']],
      ['dt=2026-11-24/hour=10/readings.raw+1+0000000000000000007.avro', ['7']],
    ]);
  });

  it('gives the same names for the same records however often they are planned', () => {
    const records = [record(0, 5, at(11)), record(0, 6, at(11))];
    expect(planArchiveChunks('readings.raw', records, 10)).toEqual(planArchiveChunks('readings.raw', [...records].reverse(), 10));
  });
});

describe('Avro container files', () => {
  it('round-trips readings with deflate and carries the writer schema', async () => {
    const readings = [reading('a', at(1)), reading('b', null)];
    const bytes = await encodeContainer(readings, 'deflate');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('Obj\u0001');
    const decoded = await decodeContainer(bytes);
    expect(decoded.readings).toEqual(readings);
    expect(decoded.schema).toMatchObject({ name: 'com.thermostream.readings.RawReading' });
  });

  it('leaves only the complete file visible after a write', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'archive-'));
    const bytes = await encodeContainer([reading('a', at(1))], 'null');
    await localDirectoryStorage(root).write('dt=2026-11-24/hour=01/x.avro', bytes);
    expect(readdirSync(path.join(root, 'dt=2026-11-24/hour=01'))).toEqual(['x.avro']);
    expect(readFileSync(path.join(root, 'dt=2026-11-24/hour=01/x.avro')).equals(bytes)).toBe(true);
  });
});
