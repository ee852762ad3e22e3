import { readdirSync } from 'node:fs';
import { topics } from '@thermostream/kafka';
import { openLake } from '@thermostream/lake';
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
});
