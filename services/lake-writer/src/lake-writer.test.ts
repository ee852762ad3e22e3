import type { ArchiveStorage } from '@thermostream/archive';
import type { ReadingVersion } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createLakeFileEncoder, type LakeFileEncoder } from '@thermostream/lake';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createLakeWriter } from './lake-writer.ts';

const hour = Date.UTC(2026, 10, 24, 10);

const version = (readingId: string, regionCode: string | null): ReadingVersion => ({
  reading_id: readingId,
  version: 1,
  region_code: regionCode,
  hour,
  event_time: hour + 60_000,
  temperature: 12.5,
  lat: 48.85,
  lon: 2.35,
  valid_from: hour + 120_000,
  late: false,
  raw_partition: 0,
  raw_offset: 0,
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

describe('lake-writer', () => {
  let encoder: LakeFileEncoder;
  beforeAll(async () => (encoder = await createLakeFileEncoder()));
  afterAll(() => encoder.close());

  async function driver() {
    const storage = memoryStorage();
    let clock = 1_000;
    const commits: [number, number][] = [];
    const metrics = createMetrics({ service: 'lake-writer', collectDefaults: false });
    const writer = createLakeWriter({
      topic: 'readings.versions',
      storage,
      encoder,
      limits: { maxVersionsPerCut: 3, maxCutAgeMs: 3_600_000 },
      idleFlushMs: 500,
      metrics,
      logger: createLogger({ service: 'lake-writer', level: 'fatal' }),
      now: () => clock,
    });
    writer.started({ commit: async (partition, offset) => void commits.push([partition, offset]) });
    const test = await createTopologyTestDriver({ input: topics.versions, serviceName: 'lake-writer', handle: writer.handle });
    return { test, writer, storage, commits, metrics, advance: (millis: number) => (clock += millis) };
  }

  it('writes a full cut as one file per date and region, and commits no further than the cut still open', async () => {
    const { test, writer, storage } = await driver();
    await test.pipe([
      { key: 'a', value: { versions: [version('a', 'FR-IDF'), version('b', null)] } },
      { key: 'c', value: { versions: [version('c', 'FR-IDF')] } },
      { key: 'd', value: { versions: [version('d', 'FR-ARA')] } },
    ]);
    expect(await storage.list()).toEqual([
      'date=2026-11-24/region=FR-IDF/readings.versions+0+0000000000000000000.parquet',
      'date=2026-11-24/region=none/readings.versions+0+0000000000000000000.parquet',
    ]);
    expect(writer.committableOffset(0)).toBe(2);
  });

  it('writes and commits a quiet partition’s open cut after the idle time, counting why it was cut', async () => {
    const { test, writer, storage, commits, metrics, advance } = await driver();
    await test.pipe([{ key: 'a', value: { versions: [version('a', 'FR-IDF')] } }]);
    await writer.flushIdle();
    expect(await storage.list()).toEqual([]);
    advance(500);
    await writer.flushIdle();
    expect(await storage.list()).toEqual(['date=2026-11-24/region=FR-IDF/readings.versions+0+0000000000000000000.parquet']);
    expect(commits).toEqual([[0, 1]]);
    expect(await metrics.registry.getSingleMetricAsString('thermostream_lake_cuts_total')).toContain('thermostream_lake_cuts_total{reason="idle",service="lake-writer"} 1');
  });
});
