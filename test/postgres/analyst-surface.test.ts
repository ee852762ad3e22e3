import { createDatabase, quoteIdentifier, runMigrations, type Database } from '@thermostream/postgres';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

/** What the analyst role can select: each must say what it is, column by column. */
const analystRelations = ['regions', 'region_hourly_temperature', 'region_hourly_temperature_3h', 'reading_versions', 'region_hourly_freshness'];

describe('the relations analysts read', () => {
  const schema = uniqueNamespace('analyst');
  let database: Database;
  let analyst: Database;

  beforeAll(async () => {
    const endpoints = await testStackEndpoints();
    database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 2, schema, applicationName: 'test' });
    await runMigrations(database, { schema });
    analyst = createDatabase({ databaseUrl: endpoints.postgresAnalystUrl, poolSize: 1, schema, applicationName: 'test-analyst' });
  });

  afterAll(async () => {
    await analyst?.close();
    await database?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await database?.close();
  });

  it('comments every relation and every one of its columns', async () => {
    const { rows } = await database.query<{ relation: string; column: string | null; comment: string | null }>(
      `SELECT c.relname AS relation, NULL AS column, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relname = ANY($2)
       UNION ALL
       SELECT c.relname, a.attname, col_description(c.oid, a.attnum)
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = $1::regnamespace AND c.relname = ANY($2)`,
      [schema, analystRelations],
    );
    expect(new Set(rows.map((row) => row.relation))).toEqual(new Set(analystRelations));
    expect(rows.filter((row) => row.column !== null).length).toBeGreaterThan(30);
    expect(rows.filter((row) => (row.comment ?? '').trim() === '').map((row) => `${row.relation}.${row.column ?? '(relation)'}`)).toEqual([]);
  });

  it('tells, for each region-hour, when it last changed and whether readings may still change it', async () => {
    // Hours relative to the database's clock, each with the last change it had.
    await database.query(
      `INSERT INTO region_hourly_temperature (region_code, region_name, hour, temperature_sum, number_of_points, updated_at)
       SELECT code, name, date_trunc('hour', now(), 'UTC') - hours_back * interval '1 hour', 21, 2, now() - changed_ago
         FROM (VALUES
           ('FR-IDF', 'Île-de-France', 0, interval '1 minute'),
           ('FR-BRE', 'Bretagne', 1, interval '40 minutes'),
           ('FR-NOR', 'Normandie', 2, interval '90 minutes'),
           ('FR-OCC', 'Occitanie', 48, interval '2 minutes'),
           ('FR-COR', 'Corse', 48, interval '47 hours')
         ) AS hours(code, name, hours_back, changed_ago)`,
    );
    const { rows } = await analyst.query<{ region_code: string; may_still_change: boolean; quiet_minutes: number; ended_minutes_ago: number; number_of_points: number }>(
      `SELECT region_code, may_still_change, number_of_points,
              round(extract(epoch FROM since_last_update) / 60)::int AS quiet_minutes,
              floor(extract(epoch FROM since_hour_end) / 60)::int AS ended_minutes_ago
         FROM region_hourly_freshness ORDER BY hour DESC, region_code`,
    );
    const byRegion = Object.fromEntries(rows.map((row) => [row.region_code, row]));
    // The hour under way, and the one that ended less than an hour ago.
    expect(byRegion['FR-IDF']).toMatchObject({ may_still_change: true, quiet_minutes: 1, number_of_points: 2 });
    expect(byRegion['FR-IDF']!.ended_minutes_ago).toBeLessThan(0);
    expect(byRegion['FR-BRE']).toMatchObject({ may_still_change: true, quiet_minutes: 40 });
    // Ended over an hour ago and quiet for longer than 15 minutes: settled.
    expect(byRegion['FR-NOR']).toMatchObject({ may_still_change: false, quiet_minutes: 90 });
    expect(byRegion['FR-NOR']!.ended_minutes_ago).toBeGreaterThanOrEqual(60);
    // Two days old, but readings for it arrived two minutes ago (a backlog, a replay): not settled yet.
    expect(byRegion['FR-OCC']).toMatchObject({ may_still_change: true, quiet_minutes: 2 });
    expect(byRegion['FR-COR']).toMatchObject({ may_still_change: false });
    expect(rows).toHaveLength(5);
  });
});
