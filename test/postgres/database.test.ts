import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, productMigrations, quoteIdentifier, readMigrations, runMigrations, type Database } from '@thermostream/postgres';
import { applyAggregateChanges, countImbalances } from '../../services/aggregator/src/aggregate-store.ts';
import { foldDeltas } from '../../services/aggregator/src/fold-deltas.ts';
import { eventually } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const hour = Date.UTC(2026, 10, 24, 10);

async function openSchema(schema: string): Promise<Database> {
  const endpoints = await testStackEndpoints();
  return createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 3, schema, applicationName: 'test' });
}

describe('migrations', () => {
  const schema = uniqueNamespace('mig');
  let database: Database;

  beforeAll(async () => {
    database = await openSchema(schema);
  });

  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await database.close();
  });

  it('applies each migration once even when instances start together', async () => {
    const versions = readMigrations(productMigrations).map((migration) => migration.version);
    expect(versions.length).toBeGreaterThan(1);
    const results = await Promise.all([runMigrations(database, { schema }), runMigrations(database, { schema }), runMigrations(database, { schema })]);
    // One start applied them all, in order; the others found nothing left to do.
    expect(results.filter((applied) => applied.length > 0)).toEqual([versions]);
    const { rows } = await database.query<{ version: number }>(`SELECT version FROM ${quoteIdentifier(schema)}.schema_migrations ORDER BY version`);
    expect(rows.map((row) => row.version)).toEqual(versions);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    const changedSchema = uniqueNamespace('mig');
    writeFileSync(path.join(directory, '0001_first.sql'), 'CREATE TABLE first (id int);');
    await runMigrations(database, { schema: changedSchema, directory });
    writeFileSync(path.join(directory, '0001_first.sql'), 'CREATE TABLE first (id bigint);');
    await expect(runMigrations(database, { schema: changedSchema, directory })).rejects.toThrow('was changed after it was applied');
    await database.query(`DROP SCHEMA ${quoteIdentifier(changedSchema)} CASCADE`);
  });
});

describe('region_hourly_temperature upserts', () => {
  const schema = uniqueNamespace('agg');
  let database: Database;

  beforeAll(async () => {
    database = await openSchema(schema);
    await runMigrations(database, { schema });
  });

  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await database.close();
  });

  const delta = (kind: 'ADD' | 'RETRACT', temperature: number) => ({
    reading_id: `r-${temperature}`,
    version: null,
    region_code: 'FR-IDF',
    hour,
    kind,
    temperature,
    point_count: 1,
    temperature_sum: null,
  });

  const row = async () =>
    (
      await database.query<{ temperature: string; temperature_sum: string; number_of_points: number; region_name: string }>(
        'SELECT temperature::text, temperature_sum::text, number_of_points, region_name FROM region_hourly_temperature',
      )
    ).rows;

  const imbalances = async () =>
    (await database.query<{ temperature_sum: string; number_of_points: number }>('SELECT temperature_sum::text, number_of_points FROM aggregate_imbalances')).rows;

  it('keeps the mean exact when a reading is added and later retracted', async () => {
    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('ADD', 0.1), delta('ADD', 0.2)])));
    const before = await row();
    expect(before).toEqual([{ temperature: '0.15000000000000000000', temperature_sum: '0.3', number_of_points: 2, region_name: 'Île-de-France' }]);

    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('ADD', 21.37)])));
    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('RETRACT', 21.37)])));
    expect(await row()).toEqual(before);
  });

  it('deletes the row of a region and hour whose count falls to zero', async () => {
    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('RETRACT', 0.1), delta('RETRACT', 0.2)])));
    expect(await row()).toEqual([]);
    expect(await imbalances()).toEqual([]);
  });

  // A retraction and the addition it undoes come from different scd-writer partitions and may arrive
  // in either order; each batch below is one arrival.
  it.each([
    ['before any addition of its region and hour', [['RETRACT', 5]], [['ADD', 5]], []],
    ['when the count would fall to zero with a sum left', [['ADD', 10]], [['RETRACT', 5]], [['ADD', 5]], [['10', 1]]],
    ['twice ahead, then both additions', [['RETRACT', 5], ['RETRACT', 7]], [['ADD', 8]], [['ADD', 5]], [['ADD', 7]], [['8', 1]]],
  ] as [string, ...(['ADD' | 'RETRACT', number][] | [string, number][])[]][])(
    'keeps a retraction that arrives %s aside, out of the table, and ends exact',
    async (_case, ...rest) => {
      const expected = rest.pop() as [string, number][];
      const arrivals = rest as ['ADD' | 'RETRACT', number][][];
      for (const [index, arrival] of arrivals.entries()) {
        await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas(arrival.map(([kind, temperature]) => delta(kind, temperature)))));
        if (index < arrivals.length - 1) {
          // Never a count at or below zero in the analysts' table.
          expect((await row()).every((visible) => visible.number_of_points > 0)).toBe(true);
        }
      }
      expect((await row()).map((visible) => [visible.temperature_sum, visible.number_of_points])).toEqual(expected);
      expect(await imbalances()).toEqual([]);
      await database.query('DELETE FROM region_hourly_temperature');
    },
  );

  it('shows the balance waiting while the addition is late', async () => {
    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('RETRACT', 5)])));
    expect(await row()).toEqual([]);
    expect(await imbalances()).toEqual([{ temperature_sum: '-5', number_of_points: -1 }]);
    await expect(database.transaction((tx) => countImbalances(tx))).resolves.toBe(1);
    await database.transaction((tx) => applyAggregateChanges(tx, foldDeltas([delta('ADD', 5)])));
    expect(await imbalances()).toEqual([]);
    await expect(database.transaction((tx) => countImbalances(tx))).resolves.toBe(0);
  });
});

describe('a transaction whose connection is lost', () => {
  it('fails its work instead of ending the process, and the next transaction gets a working connection', async () => {
    const endpoints = await testStackEndpoints();
    const applicationName = uniqueNamespace('lost');
    const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: 'public', applicationName });
    const admin = createDatabase({ databaseUrl: endpoints.postgresAdminUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
    const backends = async () =>
      Number((await admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows[0]!.count);
    try {
      const outcome = database.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // As PostgreSQL's shutdown or a failover does, while the work waits on something else (a Kafka send).
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        await eventually('the backend gone', backends, (count) => count === 0, 10_000);
        await tx.query('SELECT 1');
      });
      await expect(outcome).rejects.toThrow();
      const { rows } = await database.transaction((tx) => tx.query<{ ok: number }>('SELECT 1 AS ok'));
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await database.close();
      await admin.close();
    }
  });
});
