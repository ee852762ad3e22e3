import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localDirectoryStorage } from '@thermostream/archive';
import type { ReadingVersion } from '@thermostream/avro';
import { fromRepositoryRoot, launchOf, pipelineLaunches, startService, waitUntilReady, type RunningService, type ServiceLaunch } from '@thermostream/pipeline';
import { committedOffsets, createProducer, deleteConsumerGroup, framedRecords, highWatermarks, topicName, topics, type KafkaContext } from '@thermostream/kafka';
import { createLakeRotation, isLakeFile, lakeFilePath, lakeFolder, lakeRows, parseLakeFilePath } from '@thermostream/lake';
import { createDatabase, quoteIdentifier } from '@thermostream/postgres';
import { eventually, freePort } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints, testStackOptions } from '../support/stack.ts';

/** The operator CLI, as an operator runs it; its output. */
const thermo = (...args: string[]) =>
  execFileSync(process.execPath, ['packages/cli/src/main.ts', ...args], { cwd: fromRepositoryRoot('.'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const regions = ['FR-IDF', 'FR-ARA', 'FR-BFC', 'FR-BRE', 'FR-CVL', 'FR-COR', 'FR-GES', 'FR-HDF', 'FR-NOR', 'FR-NAQ', 'FR-OCC', 'FR-PDL', 'FR-PAC'];
const readings = 1_200;
const maxVersionsPerCut = 100;
const ingestedAt = Date.UTC(2026, 10, 25, 9);

/**
 * Every reading's versions, by the class of its index: 0 abroad; 1 corrected; 2 a late older
 * version after the current one; 3 corrected out of France; 4 corrected into another region. Event
 * hours span two UTC dates. The first versions are sent first, the others after them.
 */
function versionsOf(index: number): { first: ReadingVersion[]; later: ReadingVersion[] } {
  const hour = Date.UTC(2026, 10, 24, 20 + (index % 8));
  const base: ReadingVersion = {
    reading_id: `lake-${String(index).padStart(5, '0')}`,
    version: 1,
    region_code: index % 10 === 0 ? null : regions[index % regions.length]!,
    hour,
    event_time: hour + (index % 60) * 60_000,
    temperature: ((index * 37) % 400) / 10 - 5,
    lat: 45 + (index % 5),
    lon: 2 + (index % 3),
    valid_from: ingestedAt + index,
    late: false,
    raw_partition: index % 6,
    raw_offset: index,
  };
  const later = (changes: Partial<ReadingVersion>): ReadingVersion => ({ ...base, version: 2, valid_from: ingestedAt + 3_600_000 + index, raw_offset: readings + index, ...changes });
  switch (index % 10) {
    case 1:
      return { first: [base], later: [later({ temperature: base.temperature + 1.5 })] };
    case 2:
      return { first: [{ ...base, version: 3 }], later: [later({ late: true, temperature: -40 })] };
    case 3:
      return { first: [base], later: [later({ region_code: null })] };
    case 4:
      return { first: [base], later: [later({ region_code: regions[(index + 1) % regions.length]! })] };
    default:
      return { first: [base], later: [] };
  }
}

const all = Array.from({ length: readings }, (_, index) => versionsOf(index));
const versions = [...all.flatMap((reading) => reading.first), ...all.flatMap((reading) => reading.later)];

/** The SCD2 history the views must give, worked out here from the versions produced. */
function expectedHistory() {
  const byId = new Map<string, ReadingVersion[]>();
  for (const version of versions) byId.set(version.reading_id, [...(byId.get(version.reading_id) ?? []), version]);
  return [...byId.values()].flatMap((history) => {
    const open = history.filter((version) => !version.late).sort((a, b) => a.version - b.version);
    return history.map((version) => {
      const next = version.late ? undefined : open[open.indexOf(version) + 1];
      const current = !version.late && next === undefined;
      return {
        reading_id: version.reading_id,
        version: version.version,
        region_code: version.region_code,
        hour: version.hour,
        temperature: version.temperature,
        valid_from: version.valid_from,
        valid_to: version.late ? version.valid_from : (next?.valid_from ?? null),
        is_current: current,
      };
    });
  });
}

const historySql = `SELECT reading_id, version, region_code, epoch_ms(hour) AS hour, temperature, epoch_ms(valid_from) AS valid_from,
  epoch_ms(valid_to) AS valid_to, is_current FROM reading_versions ORDER BY reading_id, version`;
const byIdAndVersion = (a: { reading_id: string; version: number }, b: { reading_id: string; version: number }) =>
  a.reading_id.localeCompare(b.reading_id) || a.version - b.version;

async function fileDigests(lakeDir: string): Promise<Record<string, string>> {
  const storage = localDirectoryStorage(lakeDir, isLakeFile);
  return Object.fromEntries(await Promise.all((await storage.list()).map(async (file) => [file, createHash('sha256').update(await storage.read(file)).digest('hex')])));
}

describe('lake-writer: every reading version in exactly one Parquet file under its date and region, through a SIGKILL, the same files when replayed', () => {
  const namespace = uniqueNamespace('lake');
  const workDir = mkdtempSync(path.join(tmpdir(), 'thermostream-lake-'));
  const lakeDir = path.join(workDir, 'lake');
  const replayLakeDir = path.join(workDir, 'lake-replayed');
  let context: KafkaContext;
  let launch: ServiceLaunch;
  let writer: RunningService | undefined;
  let filesWhenKilled = 0;

  const runWriter = async (dir: string) => {
    writer = startService({ ...launch, environment: { ...launch.environment, LAKE_DIR: dir } }, path.join(workDir, 'logs'));
    await waitUntilReady([writer], 120_000);
  };
  /** Waits until the writer committed every record of readings.versions: all its files are written. */
  const waitUntilCommitted = () =>
    eventually(
      'lake-writer commits',
      async () => {
        const [ends, committed] = await Promise.all([highWatermarks(context, topics.versions), committedOffsets(context, 'lake-writer', topics.versions)]);
        return ends.filter((end, partition) => (committed.get(partition) ?? 0) < end).length;
      },
      (behind) => behind === 0,
      60_000,
    );

  beforeAll(async () => {
    context = await testKafkaContext(namespace);
    const producer = await createProducer(context);
    try {
      for (const part of [versions.slice(0, readings), versions.slice(readings)]) {
        for (let start = 0; start < part.length; start += 200) {
          const chunk = part.slice(start, start + 200);
          await producer.send(framedRecords(topics.versions, chunk, (version) => version.reading_id, (items) => ({ versions: items }), { maxItemsPerRecord: 50 }));
        }
      }
    } finally {
      await producer.disconnect();
    }
    const endpoints = await testStackEndpoints();
    const base = launchOf(
      pipelineLaunches({ endpoints, namespace, archiveDir: path.join(workDir, 'archive'), lakeDir, apiKey: 'unused', ports: { 'lake-writer': await freePort() } }),
      'lake-writer',
    );
    launch = {
      ...base,
      environment: { ...base.environment, LAKE_MAX_VERSIONS_PER_CUT: String(maxVersionsPerCut), LAKE_IDLE_FLUSH_MS: '3000', KAFKA_SESSION_TIMEOUT_MS: '6000', LOG_LEVEL: 'warn' },
    };
    // The whole backlog is there before the writer starts, so every cut but each partition's last
    // (an idle flush) is decided by size alone, in this run and in the replay. Killed once its
    // first files are visible, before the idle flush wrote the last cuts and before some commits,
    // it reads from its committed offsets again and must cut the same files.
    await runWriter(lakeDir);
    filesWhenKilled = (await eventually('the first lake files', () => localDirectoryStorage(lakeDir, isLakeFile).list(), (files) => files.length > 0, 60_000)).length;
    writer!.kill('SIGKILL');
    await writer!.exited;
    await runWriter(lakeDir);
    await waitUntilCommitted();
  }, 180_000);

  afterAll(async () => {
    await writer?.stop();
  });

  it('writes the cuts the rotation gives, each folder of a cut one zstd file that an independent reader (pyarrow) reads', async () => {
    const records = await readTopic(context, topics.versions, { count: Number.MAX_SAFE_INTEGER, timeoutMs: 5_000, settleMs: 0 });
    const rotation = createLakeRotation(topicName(topics.versions, namespace), { maxVersionsPerCut: maxVersionsPerCut, maxCutAgeMs: 600_000 });
    const expected = new Map<string, number>();
    for (const partition of new Set(records.map((record) => record.partition))) {
      const taken = records.filter((record) => record.partition === partition).sort((a, b) => a.offset - b.offset);
      const versionsAt = new Map(taken.map((record) => [record.offset, record.value.versions]));
      const cuts = rotation.append(partition, taken.map((record) => ({ offset: record.offset, timestamp: record.timestamp, rows: lakeRows(record.value.versions) })), 0).closed;
      cuts.push(rotation.close(partition)!.file);
      for (const cut of cuts) for (const version of cut.records.flatMap((record) => versionsAt.get(record.offset)!)) {
        const file = lakeFilePath(lakeFolder(version), cut.path);
        expected.set(file, (expected.get(file) ?? 0) + 1);
      }
    }

    const files = await localDirectoryStorage(lakeDir, isLakeFile).list();
    expect(files).toEqual([...expected.keys()].sort());
    const visible = readdirSync(lakeDir, { recursive: true }).map(String);
    expect(visible.filter((entry) => path.basename(entry).startsWith('.') || entry.endsWith('.tmp'))).toEqual([]);

    const python = path.join(testStackOptions().dataDir, 'python', 'bin', 'python');
    if (!existsSync(python)) throw new Error(`no ${python}: run deploy/native/install-test-producer.sh`);
    const read = spawnSync(python, [fromRepositoryRoot('test/lake/read-parquet.py'), lakeDir, ...files], { encoding: 'utf8', timeout: 120_000 });
    expect(read.stderr).toBe('');
    const readByArrow = read.stdout.trim().split('\n').map((line) => JSON.parse(line) as { path: string; rows: number; codecs: string[]; hourType: string; versions: [string, number, string | null, string, boolean][] });
    expect(Object.fromEntries(readByArrow.map((file) => [file.path, file.rows]))).toEqual(Object.fromEntries(expected));
    expect(new Set(readByArrow.flatMap((file) => file.codecs))).toEqual(new Set(['ZSTD']));
    expect(readByArrow[0]!.hourType).toBe('timestamp[us, tz=UTC]');
    const seen = new Map<string, number>();
    for (const file of readByArrow) {
      const { date, region } = parseLakeFilePath(file.path)!;
      for (const [readingId, version, regionCode, day] of file.versions) {
        expect([day, regionCode ?? 'none']).toEqual([date, region]);
        seen.set(`${readingId}/${version}`, (seen.get(`${readingId}/${version}`) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(versions.length);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    console.log(`lake test: ${versions.length} versions in ${records.length} records, killed with ${filesWhenKilled} files visible, ${files.length} files, all read by pyarrow`);
  }, 120_000);

  it('gives the SCD2 history through thermo lake sql: corrections close the version before, late versions are closed at arrival, readings abroad have no region', async () => {
    const history = JSON.parse(thermo('lake', 'sql', historySql, '--json', '--lake', lakeDir)) as ReturnType<typeof expectedHistory>;
    expect(history).toEqual(expectedHistory().sort(byIdAndVersion));
    const current = JSON.parse(thermo('lake', 'sql', 'SELECT count(*) AS readings, count(region_code) AS in_france FROM readings_current', '--json', '--lake', lakeDir));
    const currentExpected = expectedHistory().filter((version) => version.is_current);
    expect(current).toEqual([{ readings: readings, in_france: currentExpected.filter((version) => version.region_code !== null).length }]);
  }, 60_000);

  it('upserts the daily region model into PostgreSQL, row for row the recount of the current versions, readable by analysts', async () => {
    const endpoints = await testStackEndpoints();
    const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: namespace, applicationName: 'test' });
    try {
      await database.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(namespace)}`);
      const model = fromRepositoryRoot('models/daily-region-temperature.sql');
      const run = (...extra: string[]) => thermo('model', 'run', model, '--namespace', namespace, '--lake', lakeDir, '--database-url', endpoints.postgresUrl, ...extra);
      expect(run()).toMatch(/daily-region-temperature\.sql: \d+ row\(s\) upserted into daily_region_temperature \(created\)/);
      // A second run changes nothing: the rows are upserted on the model's key.
      expect(run()).toMatch(/upserted into daily_region_temperature\n$/);

      const recount = new Map<string, number[]>();
      for (const version of expectedHistory()) {
        if (!version.is_current || version.region_code === null) continue;
        const key = `${version.region_code} ${new Date(version.hour).toISOString().slice(0, 10)}`;
        recount.set(key, [...(recount.get(key) ?? []), version.temperature]);
      }
      const { rows } = await database.query<{ key: string; min: number; mean: number; max: number; points: number }>(
        `SELECT region_code || ' ' || day::text AS key, min_temperature AS min, mean_temperature AS mean, max_temperature AS max, number_of_points::int AS points
         FROM daily_region_temperature ORDER BY region_code, day`,
      );
      expect(rows.map((row) => row.key)).toEqual([...recount.keys()].sort());
      for (const row of rows) {
        const temperatures = recount.get(row.key)!;
        expect([row.min, row.max, row.points]).toEqual([Math.min(...temperatures), Math.max(...temperatures), temperatures.length]);
        expect(row.mean).toBeCloseTo(temperatures.reduce((sum, temperature) => sum + temperature, 0) / temperatures.length, 9);
      }
      const { rows: grants } = await database.query<{ analyst: boolean | null }>(
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thermostream_analyst')
           THEN has_table_privilege('thermostream_analyst', $1, 'SELECT') END AS analyst`,
        [`${quoteIdentifier(namespace)}.daily_region_temperature`],
      );
      expect(grants[0]!.analyst).not.toBe(false);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('rewrites the same file names with the same bytes when the same offsets are read again', async () => {
    await writer!.stop();
    await deleteConsumerGroup(context, 'lake-writer');
    mkdirSync(replayLakeDir, { recursive: true });
    await runWriter(replayLakeDir);
    await waitUntilCommitted();
    const [first, replayed] = await Promise.all([fileDigests(lakeDir), fileDigests(replayLakeDir)]);
    expect(Object.keys(replayed).length).toBeGreaterThan(0);
    expect(replayed).toEqual(first);
  }, 180_000);
});
