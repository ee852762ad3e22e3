import { spawnSync } from 'node:child_process';
import { readdirSync, renameSync } from 'node:fs';
import { topics } from '@thermostream/kafka';
import { openLake } from '@thermostream/lake';
import { repositoryRoot, type VerifyReport } from '@thermostream/pipeline';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';

interface HourlyRow {
  region_code: string;
  region_name: string;
  hour: string;
  temperature: string;
  number_of_points: number;
}

const hourlyRows = (pipeline: RunningPipeline) =>
  pipeline.database
    .query<HourlyRow>(
      `SELECT region_code, region_name, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS hour, temperature::text, number_of_points
       FROM region_hourly_temperature ORDER BY region_code, hour`,
    )
    .then((result) => result.rows);

const totalPoints = (rows: HourlyRow[]) => rows.reduce((sum, row) => sum + row.number_of_points, 0);

/** `thermo verify` as an operator runs it, on the test pipeline's namespace and lake: its exit status, report lines and progress lines. */
function thermoVerify(pipeline: RunningPipeline, ...extra: string[]) {
  const run = spawnSync(process.execPath, ['packages/cli/src/main.ts', 'verify', '--namespace', pipeline.namespace, '--lake-dir', pipeline.lakeDir, ...extra], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 110_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a reading from POST to PostgreSQL and the lake, through every service', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    // The lake-writer commits what it holds after this long without new versions.
    pipeline = await startPipeline(uniqueNamespace('e2e'), { environment: { LAKE_IDLE_FLUSH_MS: '500' } });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('computes the mean of every region and hour from French readings only, then applies a correction', async () => {
    const first = await postReadings(pipeline, [
      { id: 'paris-1', timestamp: '2026-11-24 10:15:00', lat: 48.8566, lon: 2.3522, temperature: 20.5, country: 'France' },
      { id: 'paris-2', timestamp: '2026-11-24 10:45:00', lat: 48.86, lon: 2.34, temperature: 21.3, country: 'France' },
      { id: 'lyon-1', timestamp: '2026-11-24T12:05:00+01:00', lat: 45.764, lon: 4.8357, temperature: 15, country: 'France' },
      { id: 'marseille-1', timestamp: '2026-11-24T12:30:00+02:00', lat: 43.2965, lon: 5.3698, temperature: 18.25, country: 'France' },
      { id: 'berlin-1', timestamp: '2026-11-24 10:15:00', lat: 52.52, lon: 13.405, temperature: 3, country: 'Germany' },
      { id: 'biscay-1', timestamp: '2026-11-24 10:15:00', lat: 45.5, lon: -3.0, temperature: 16, country: 'France' },
      { id: 'bad-lat', timestamp: '2026-11-24 10:15:00', lat: 123, lon: 2.35, temperature: 20, country: 'France' },
      { id: 'bad-time', timestamp: '2026-02-30 10:15:00', lat: 48.85, lon: 2.35, temperature: 20, country: 'France' },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 6, rejected: 2 });
    expect(first.body.errors.map((error) => [error.index, error.code])).toEqual([
      [6, 'LAT_OUT_OF_RANGE'],
      [7, 'TIMESTAMP_INVALID'],
    ]);

    const rows = await eventually('hourly rows', () => hourlyRows(pipeline), (found) => totalPoints(found) === 4);
    expect(rows.map((row) => ({ ...row, temperature: Number(row.temperature) }))).toEqual([
      { region_code: 'FR-ARA', region_name: 'Auvergne-Rhône-Alpes', hour: '2026-11-24 11:00', temperature: 15, number_of_points: 1 },
      { region_code: 'FR-IDF', region_name: 'Île-de-France', hour: '2026-11-24 10:00', temperature: 20.9, number_of_points: 2 },
      { region_code: 'FR-PAC', region_name: "Provence-Alpes-Côte d'Azur", hour: '2026-11-24 10:00', temperature: 18.25, number_of_points: 1 },
    ]);

    const correction = await postReadings(pipeline, [
      { id: 'paris-1', timestamp: '2026-11-24 10:15:00', lat: 48.8566, lon: 2.3522, temperature: 25.3, country: 'France', version: 2 },
    ]);
    expect(correction.body).toMatchObject({ accepted: 1, rejected: 0 });
    const corrected = await eventually(
      'corrected mean',
      () => hourlyRows(pipeline),
      (found) => found.some((row) => row.region_code === 'FR-IDF' && Number(row.temperature) === 23.3),
    );
    expect(corrected.find((row) => row.region_code === 'FR-IDF')).toMatchObject({ number_of_points: 2 });
    expect(totalPoints(corrected)).toBe(4);

    await pipeline.historyMirrored();
    const versions = await pipeline.database.query<{ version: string; is_current: boolean; valid_to: Date | null }>(
      "SELECT version, is_current, valid_to FROM reading_versions WHERE reading_id = 'paris-1' ORDER BY version",
    );
    expect(versions.rows.map((row) => [row.version, row.is_current, row.valid_to === null])).toEqual([
      ['1', false, false],
      ['2', true, true],
    ]);

    // The same history in the lake, and every current reading, abroad ones with no region.
    const lakeHistory = async () => {
      const lake = await openLake(pipeline.lakeDir);
      try {
        return (await lake.query(`SELECT reading_id, version, region_code, is_current, valid_to IS NULL AS open FROM reading_versions ORDER BY reading_id, version`)).rows;
      } finally {
        lake.close();
      }
    };
    const lake = await eventually('the lake', lakeHistory, (rows) => rows.length === 7, 60_000);
    expect(lake.filter((row) => row.reading_id === 'paris-1').map((row) => [row.region_code, row.is_current, row.open])).toEqual([
      ['FR-IDF', false, false],
      ['FR-IDF', true, true],
    ]);
    expect(lake.filter((row) => row.is_current).map((row) => [row.reading_id, row.region_code])).toEqual([
      ['berlin-1', null],
      ['biscay-1', null],
      ['lyon-1', 'FR-ARA'],
      ['marseille-1', 'FR-PAC'],
      ['paris-1', 'FR-IDF'],
      ['paris-2', 'FR-IDF'],
    ]);
  });

  it('keeps every rejected record, with its reason, on readings.rejected', async () => {
    const context = await testKafkaContext(pipeline.namespace);
    const rejected = await readTopic(context, topics.rejected, { count: 2 });
    expect(rejected.map((record) => [record.value.service, record.value.reading_id, record.value.reason_code]).sort()).toEqual([
      ['http-ingest', 'bad-lat', 'LAT_OUT_OF_RANGE'],
      ['http-ingest', 'bad-time', 'TIMESTAMP_INVALID'],
    ]);
  });

  it('archives readings.raw into Avro files partitioned by ingest date and hour', async () => {
    const files = await eventually(
      'archive files',
      async () => {
        try {
          return readdirSync(pipeline.archiveDir, { recursive: true }).map(String);
        } catch {
          return [];
        }
      },
      (found) => found.some((file) => file.endsWith('.avro')),
    );
    expect(files.filter((file) => file.endsWith('.avro')).every((file) => /^dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/.+\+\d+\+\d{19}\.avro$/.test(file))).toBe(true);
    expect(files.some((file) => file.endsWith('.tmp'))).toBe(false);
  });

  it('thermo verify recounts the table from the changelog and, independently, from the lake once it caught up; a lake file gone, a row added and a lake behind are each told apart', async () => {
    // The table of the first test: 4 current readings in France, in 3 region-hours.
    const agreeing = thermoVerify(pipeline, '--json');
    expect(agreeing.status).toBe(0);
    const report = JSON.parse(agreeing.stdout) as VerifyReport;
    expect(report).toMatchObject({ regionHoursCompared: 3, currentReadings: 4, differences: [], imbalances: 0 });
    expect(report.lake).toMatchObject({ status: 'compared', lakeDir: pipeline.lakeDir, regionHoursCompared: 3, currentReadings: 4, differences: [] });

    // The lake file holding paris-2 (current, in Île-de-France) gone: the changelog still agrees
    // with the table, the lake does not.
    const lake = await openLake(pipeline.lakeDir);
    const holding = await lake
      .query(`SELECT DISTINCT filename FROM read_parquet([${lake.files.map((file) => `'${file}'`).join(', ')}], filename = true) WHERE reading_id = 'paris-2'`)
      .finally(() => lake.close());
    expect(holding.rows).toHaveLength(1);
    const removed = String(holding.rows[0]!.filename);
    renameSync(removed, `${removed}.removed`);
    try {
      const lakeMissing = thermoVerify(pipeline);
      expect(lakeMissing.status).toBe(1);
      const lines = lakeMissing.stdout.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^lake: FR-IDF 2026-11-24T10:00:00\.000Z: lake has \d points, sum [\d.]+; table has 2 points, sum 46\.6$/),
        'changelog: 3 region-hours compared (4 current readings): 0 difference(s)',
        expect.stringMatching(/^lake: 3 region-hours compared \(\d current readings in \d+ file\(s\) under .+\): 1 difference\(s\)$/),
      ]);
    } finally {
      renameSync(`${removed}.removed`, removed);
    }

    // A row the pipeline never wrote: both recounts find it.
    await pipeline.database.query(
      `INSERT INTO region_hourly_temperature (region_code, region_name, hour, temperature_sum, number_of_points)
       SELECT region_code, region_name, timestamptz '2026-11-24 09:00Z', 12.5, 1 FROM regions WHERE region_code = 'FR-BRE'`,
    );
    try {
      const added = await pipeline.verify({ lake: true });
      const extraRow = { regionCode: 'FR-BRE', hour: '2026-11-24T09:00:00.000Z', expectedPoints: null, actualPoints: 1, expectedSum: null, actualSum: '12.5' };
      expect(added.differences).toEqual([extraRow]);
      expect(added.lake).toMatchObject({ status: 'compared', differences: [extraRow] });
    } finally {
      await pipeline.database.query(`DELETE FROM region_hourly_temperature WHERE region_code = 'FR-BRE'`);
    }

    // The lake-writer paused: a new reading reaches the table, not the lake, which verify reports
    // as behind rather than as a difference; once it runs again, verify waits for it and agrees.
    const lakeWriter = pipeline.instances.find((instance) => instance.service === 'lake-writer')!;
    lakeWriter.kill('SIGSTOP');
    try {
      const nantes = await postReadings(pipeline, [{ id: 'nantes-1', timestamp: '2026-11-24 10:20:00', lat: 47.2184, lon: -1.5536, temperature: 12.1, country: 'France' }]);
      expect(nantes.body).toMatchObject({ accepted: 1, rejected: 0 });
      await eventually('the Nantes reading in the table', () => hourlyRows(pipeline), (found) => totalPoints(found) === 5);
      const behind = await pipeline.verify({ lake: true, lakeWaitMs: 2_000 });
      expect(behind.differences).toEqual([]);
      expect(behind.lake).toMatchObject({ status: 'behind', behindVersions: 1 });
    } finally {
      lakeWriter.kill('SIGCONT');
    }
    const caughtUp = thermoVerify(pipeline, '--json');
    expect(caughtUp.status).toBe(0);
    expect((JSON.parse(caughtUp.stdout) as VerifyReport).lake).toMatchObject({ status: 'compared', regionHoursCompared: 4, currentReadings: 5, differences: [] });
  }, 240_000);
});
