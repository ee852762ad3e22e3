import { decodeContainer, type ArchiveStorage } from '@thermostream/archive';
import type { RawReading } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createArchiver } from './archiver.ts';

const receivedAt = Date.UTC(2026, 10, 24, 10, 20);

const raw = (id: string): RawReading => ({
  id,
  timestamp: '2026-11-24T11:15:00+01:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 12.5,
  country: 'France',
  version: null,
  ingest: { received_at: receivedAt, partner: 'acme', request_id: 'req-1' },
});

function memoryStorage(): ArchiveStorage & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return {
    files,
    write: async (relativePath, bytes) => void files.set(relativePath, bytes),
    list: async () => [...files.keys()].sort(),
    read: async (relativePath) => files.get(relativePath)!,
    describe: () => 'memory',
  };
}

async function driver() {
  const storage = memoryStorage();
  let clock = 1_000;
  const commits: [number, number][] = [];
  const archiver = createArchiver({
    topic: 'readings.raw',
    storage,
    codec: 'null',
    deflateLevel: 1,
    maxRecordsPerFile: 2,
    maxBytesPerFile: 1024 * 1024,
    idleFlushMs: 500,
    metrics: createMetrics({ service: 'raw-archiver', collectDefaults: false }),
    logger: createLogger({ service: 'raw-archiver', level: 'fatal' }),
    now: () => clock,
  });
  archiver.started({ commit: async (partition, offset) => void commits.push([partition, offset]) });
  const test = await createTopologyTestDriver({ input: topics.raw, serviceName: 'raw-archiver', handle: archiver.handle });
  const archived = async () =>
    Promise.all((await storage.list()).map(async (file) => [file, (await decodeContainer(await storage.read(file))).records.map((record) => record.reading.id)]));
  return { test, archiver, archived, storage, commits, advance: (millis: number) => (clock += millis) };
}

describe('raw-archiver', () => {
  it('writes a file when it is full and commits no further than the first record of the file still open', async () => {
    const { test, archiver, archived } = await driver();
    await test.pipe([
      { key: 'a', value: raw('a') },
      { key: 'b', value: raw('b') },
      { key: 'c', value: raw('c') },
    ]);
    expect(await archived()).toEqual([['dt=2026-11-24/hour=10/readings.raw+0+0000000000000000000.avro', ['a', 'b']]]);
    expect(archiver.committableOffset(0)).toBe(2);
  });

  it('keeps each record’s Kafka key beside its reading', async () => {
    const { test, storage } = await driver();
    await test.pipe([
      { key: 'key-a', value: raw('a') },
      { key: 'key-b', value: raw('b') },
      { key: 'key-c', value: raw('c') },
    ]);
    const [file] = await storage.list();
    expect((await decodeContainer(await storage.read(file!))).records.map((record) => [record.key, record.reading.id])).toEqual([
      ['key-a', 'a'],
      ['key-b', 'b'],
    ]);
  });

  it('writes and commits a quiet partition’s open file after the idle time', async () => {
    const { test, archiver, archived, commits, advance } = await driver();
    await test.pipe([{ key: 'a', value: raw('a') }]);
    await archiver.flushIdle();
    expect(await archived()).toEqual([]);
    advance(500);
    await archiver.flushIdle();
    expect(await archived()).toEqual([['dt=2026-11-24/hour=10/readings.raw+0+0000000000000000000.avro', ['a']]]);
    expect(commits).toEqual([[0, 1]]);
  });

  it('sends a poison pill to readings.rejected and archives the records around it', async () => {
    const { test, archived } = await driver();
    await test.pipe([{ key: 'a', value: raw('a') }]);
    await test.pipeBytes([{ key: 'poison', value: Buffer.from('not avro') }]);
    await test.pipe([
      { key: 'c', value: raw('c') },
      { key: 'd', value: raw('d') },
    ]);
    expect(test.read(topics.rejected).map((record) => [record.key, record.value.reason_code])).toEqual([['poison', 'RECORD_UNDECODABLE']]);
    // The poison pill's offset (1) is in no file; the records on either side of it share one.
    expect(await archived()).toEqual([['dt=2026-11-24/hour=10/readings.raw+0+0000000000000000000.avro', ['a', 'c']]]);
  });
});
