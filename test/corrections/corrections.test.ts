import { createDatabase } from '@thermostream/postgres';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const paris = { lat: 48.8566, lon: 2.3522, country: 'France' };
const lyon = { lat: 45.764, lon: 4.8357, country: 'France' };
const marseille = { lat: 43.2965, lon: 5.3698, country: 'France' };
const berlin = { lat: 52.52, lon: 13.405, country: 'Germany' };
const at10 = '2026-11-24 10:15:00';
const at11 = '2026-11-24 11:20:00';
const at13 = '2026-11-24 13:05:00';

interface Row {
  region_code: string;
  region_name: string;
  hour: string;
  number_of_points: number;
  temperature_sum: string;
}

async function post(pipeline: RunningPipeline, readings: unknown[]): Promise<void> {
  const answer = await postReadings(pipeline, readings);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ accepted: readings.length, rejected: 0, errors: [] });
}

const hourly = async (pipeline: RunningPipeline) =>
  (
    await pipeline.database.query<Row>(
      `SELECT region_code, region_name, to_char(hour AT TIME ZONE 'UTC', 'HH24') AS hour, number_of_points, temperature_sum::text
       FROM region_hourly_temperature ORDER BY region_code, hour`,
    )
  ).rows.map((row) => `${row.region_code} ${row.hour}h ${row.number_of_points} ${row.temperature_sum}`);

/** Waits for the table to reach `expected`; the rounds are only meaningful if each is applied before the next. */
const settlesTo = (pipeline: RunningPipeline, expected: string[]) =>
  eventually('region_hourly_temperature', () => hourly(pipeline), (rows) => JSON.stringify(rows) === JSON.stringify(expected));

describe('corrections, duplicates and late versions, POSTed in rounds', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    pipeline = await startPipeline(uniqueNamespace('corrections'));
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('keeps the mean of the current versions exact through every kind of correction', async () => {
    await post(pipeline, [
      { id: 'a', timestamp: at10, ...paris, temperature: 20, version: 1 },
      { id: 'b', timestamp: at10, ...paris, temperature: 22, version: 1 },
      { id: 'c', timestamp: at10, ...lyon, temperature: 15, version: 1 },
      { id: 'd', timestamp: at10, ...berlin, temperature: 3, version: 1 },
      { id: 'e', timestamp: at10, ...paris, temperature: 10 },
      { id: 'f', timestamp: at10, ...marseille, temperature: 18, version: 2 },
      { id: 'g', timestamp: at13, ...lyon, temperature: 12, version: 1 },
      { id: 'h', timestamp: at13, ...paris, temperature: 9, version: 1 },
    ]);
    await settlesTo(pipeline, ['FR-ARA 10h 1 15', 'FR-ARA 13h 1 12', 'FR-IDF 10h 3 52', 'FR-IDF 13h 1 9', 'FR-PAC 10h 1 18']);

    await post(pipeline, [
      { id: 'a', timestamp: at10, ...paris, temperature: 24.1, version: 2 }, // new temperature
      { id: 'b', timestamp: at10, ...lyon, temperature: 22, version: 2 }, // new region
      { id: 'c', timestamp: at10, ...berlin, temperature: 15, version: 2 }, // moves out of France
      { id: 'd', timestamp: at10, ...paris, temperature: 30, version: 2 }, // moves into France
      { id: 'e', timestamp: at10, ...paris, temperature: 11.5 }, // correction without version: the later arrival wins
      { id: 'f', timestamp: at10, ...marseille, temperature: 40, version: 1 }, // older version, late
      { id: 'a', timestamp: at10, ...paris, temperature: 24.1, version: 2 }, // the same version twice
      { id: 'g', timestamp: at13, ...lyon, temperature: 12, version: 1 }, // exact duplicate
    ]);
    await settlesTo(pipeline, ['FR-ARA 10h 1 22', 'FR-ARA 13h 1 12', 'FR-IDF 10h 3 65.6', 'FR-IDF 13h 1 9', 'FR-PAC 10h 1 18']);

    await post(pipeline, [
      { id: 'a', timestamp: at10, ...paris, temperature: 50, version: 1 }, // older version, late
      { id: 'e', timestamp: at10, ...paris, temperature: 11.5 }, // a retried request without version
      { id: 'b', timestamp: at11, ...lyon, temperature: 22, version: 3 }, // new hour: ARA 10h empties and disappears
    ]);
    const final = ['FR-ARA 11h 1 22', 'FR-ARA 13h 1 12', 'FR-IDF 10h 3 65.6', 'FR-IDF 13h 1 9', 'FR-PAC 10h 1 18'];
    await settlesTo(pipeline, final);

    const means = await pipeline.database.query<{ region_code: string; hour: string; temperature: string; temperature_3h_before: string | null; region_name: string }>(
      `SELECT region_code, region_name, to_char(hour AT TIME ZONE 'UTC', 'HH24') AS hour, round(temperature, 4)::text AS temperature,
              round(temperature_3h_before, 4)::text AS temperature_3h_before
       FROM region_hourly_temperature_3h ORDER BY region_code, hour`,
    );
    expect(means.rows).toEqual([
      { region_code: 'FR-ARA', region_name: 'Auvergne-Rhône-Alpes', hour: '11', temperature: '22.0000', temperature_3h_before: null },
      { region_code: 'FR-ARA', region_name: 'Auvergne-Rhône-Alpes', hour: '13', temperature: '12.0000', temperature_3h_before: null },
      { region_code: 'FR-IDF', region_name: 'Île-de-France', hour: '10', temperature: '21.8667', temperature_3h_before: null },
      { region_code: 'FR-IDF', region_name: 'Île-de-France', hour: '13', temperature: '9.0000', temperature_3h_before: '21.8667' },
      { region_code: 'FR-PAC', region_name: "Provence-Alpes-Côte d'Azur", hour: '10', temperature: '18.0000', temperature_3h_before: null },
    ]);

    await pipeline.historyMirrored();
    const history = await pipeline.database.query<{ reading_id: string; version: string; region_code: string | null; temperature: string; is_current: boolean; closed: boolean }>(
      `SELECT reading_id, version, region_code, temperature::text, is_current, valid_to IS NOT NULL AS closed
       FROM reading_versions ORDER BY reading_id, version::bigint`,
    );
    const rows = history.rows.map((row) => `${row.reading_id} ${row.reading_id === 'e' ? 'arrival' : row.version} ${row.region_code ?? 'none'} ${row.temperature} ${row.is_current ? 'current' : 'closed'}`);
    expect(rows).toEqual([
      'a 1 FR-IDF 20 closed',
      'a 2 FR-IDF 24.1 current',
      'b 1 FR-IDF 22 closed',
      'b 2 FR-ARA 22 closed',
      'b 3 FR-ARA 22 current',
      'c 1 FR-ARA 15 closed',
      'c 2 none 15 current',
      'd 1 none 3 closed',
      'd 2 FR-IDF 30 current',
      'e arrival FR-IDF 10 closed',
      'e arrival FR-IDF 11.5 current',
      'f 1 FR-PAC 40 closed',
      'f 2 FR-PAC 18 current',
      'g 1 FR-ARA 12 current',
      'h 1 FR-IDF 9 current',
    ]);
    expect(history.rows.every((row) => row.is_current !== row.closed)).toBe(true);
    // A version without number is numbered by its arrival, so e's correction ranks after its first version.
    const eVersions = history.rows.filter((row) => row.reading_id === 'e').map((row) => Number(row.version));
    expect(eVersions[1]!).toBeGreaterThan(eVersions[0]!);

    const report = await pipeline.verify();
    expect(report).toMatchObject({ regionHoursCompared: final.length, currentReadings: 7, differences: [] });
  });

  it('lets the analyst role read the results and the history, and nothing else', async () => {
    const endpoints = await testStackEndpoints();
    const analyst = createDatabase({ databaseUrl: endpoints.postgresAnalystUrl, poolSize: 1, schema: pipeline.namespace, applicationName: 'test-analyst' });
    try {
      for (const relation of ['region_hourly_temperature', 'region_hourly_temperature_3h', 'reading_versions', 'regions']) {
        await expect(analyst.query(`SELECT count(*) FROM ${relation}`)).resolves.toBeDefined();
      }
      await expect(analyst.query('SELECT * FROM consumer_offsets')).rejects.toMatchObject({ code: '42501' });
      await expect(analyst.query('SELECT * FROM delta_outbox')).rejects.toMatchObject({ code: '42501' });
      await expect(analyst.query("DELETE FROM region_hourly_temperature WHERE region_code = 'FR-IDF'")).rejects.toMatchObject({ code: '42501' });
      await expect(analyst.query('CREATE TABLE analyst_scratch (x int)')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await analyst.close();
    }
  });
});
