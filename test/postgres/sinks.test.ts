import type { ReadingDeltaBatch, ReadingVersion } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { createDatabase, quoteIdentifier, runMigrations, type Database, type Queryable } from '@thermostream/postgres';
import { createAggregatorHandler } from '../../services/aggregator/src/handler.ts';
import { createMirrorHandler } from '../../services/versions-mirror/src/handler.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const hour = Date.UTC(2026, 10, 24, 10);

/** A database that counts the round trips it makes, BEGIN and COMMIT included. */
function counting(database: Database) {
  let statements = 0;
  const counted = (queryable: Queryable): Queryable => ({
    query: (text, values) => {
      statements += 1;
      return queryable.query(text, values);
    },
  });
  const wrapped: Database = {
    ...counted(database),
    transaction: (work) => {
      statements += 2;
      return database.transaction((tx) => work(counted(tx)));
    },
    close: () => database.close(),
  };
  return {
    database: wrapped,
    /** Round trips since the last call. */
    take: () => {
      const taken = statements;
      statements = 0;
      return taken;
    },
  };
}

const version = (id: string, number: number, options: { late?: boolean; region?: string | null; arrival?: number } = {}): ReadingVersion => ({
  reading_id: id,
  version: number,
  region_code: options.region === undefined ? 'FR-IDF' : options.region,
  hour,
  event_time: hour + 60_000,
  temperature: 20,
  lat: 48.85,
  lon: 2.35,
  valid_from: options.arrival ?? 1_000,
  late: options.late ?? false,
  raw_partition: 0,
  raw_offset: number,
});

describe('PostgreSQL sinks through the topology driver', () => {
  const schema = uniqueNamespace('sinks');
  let database: Database;
  let counter: ReturnType<typeof counting>;

  beforeAll(async () => {
    const endpoints = await testStackEndpoints();
    database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 3, schema, applicationName: 'test' });
    await runMigrations(database, { schema });
    counter = counting(database);
  });

  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await database.close();
  });

  const history = async (id: string) =>
    (
      await database.query<{ version: string; valid_to: Date | null; is_current: boolean }>(
        'SELECT version, valid_to, is_current FROM reading_versions WHERE reading_id = $1 ORDER BY version',
        [id],
      )
    ).rows.map((row) => [Number(row.version), row.valid_to?.getTime() ?? null, row.is_current]);

  it('versions-mirror: lays the versions out as SCD2 rows in one transaction of six round trips, and rejects a poison pill', async () => {
    const test = await createTopologyTestDriver({
      input: topics.versions,
      serviceName: 'versions-mirror',
      handle: createMirrorHandler({ database: counter.database, metrics: createMetrics({ service: 'versions-mirror', collectDefaults: false }) }),
    });
    counter.take();
    await test.pipe([{ key: 'a', value: { versions: [version('a', 1), version('b', 1, { region: 'FR-ARA' }), version('c', 1, { region: null })] } }]);
    // BEGIN, offset row, closes (none were current), rows, offset, COMMIT.
    expect(counter.take()).toBe(6);
    expect(await history('c')).toEqual([[1, null, true]]);

    // Two corrections of a in one batch, and a late older version of b.
    await test.pipe([{ key: 'a', value: { versions: [version('a', 2, { arrival: 1_005 }), version('b', 0, { late: true, arrival: 1_006 }), version('a', 3, { arrival: 1_007 })] } }]);
    expect(await history('a')).toEqual([
      [1, 1_005, false],
      [2, 1_007, false],
      [3, null, true],
    ]);
    expect(await history('b')).toEqual([
      [0, 1_006, false],
      [1, null, true],
    ]);

    // The same late version again is stored once.
    await test.pipe([{ key: 'b', value: { versions: [version('b', 0, { late: true, arrival: 1_009 })] } }]);
    expect(await history('b')).toEqual([
      [0, 1_006, false],
      [1, null, true],
    ]);
    await test.pipeBytes([{ key: 'poison', value: Buffer.from('not avro') }]);
    expect(test.read(topics.rejected).map((record) => record.value.reason_code)).toEqual(['RECORD_UNDECODABLE']);
  });

  it('aggregator: applies a batch in one transaction of six round trips and skips a delta relayed twice', async () => {
    const test = await createTopologyTestDriver({
      input: topics.changes,
      serviceName: 'aggregator',
      handle: createAggregatorHandler({ database: counter.database, metrics: createMetrics({ service: 'aggregator', collectDefaults: false }) }),
    });
    const changes = (sequence: number, temperature: number): ReadingDeltaBatch => ({
      source_partition: 3,
      sequence,
      deltas: [{ reading_id: '', version: null, region_code: 'FR-BRE', hour, kind: 'ADD', temperature, point_count: 1, temperature_sum: String(temperature) }],
    });
    counter.take();
    await test.pipe([
      { key: 'FR-BRE', value: changes(1, 10) },
      { key: 'FR-BRE', value: changes(2, 12) },
    ]);
    // BEGIN, offset row, applied sequences, changes with sequences and offset, imbalances left, COMMIT.
    expect(counter.take()).toBe(6);
    await test.pipe([
      { key: 'FR-BRE', value: changes(2, 12) },
      { key: 'FR-BRE', value: changes(3, 14) },
    ]);
    await test.pipeBytes([{ key: 'poison', value: Buffer.from('not avro') }]);
    expect(test.read(topics.rejected).map((record) => record.value.reason_code)).toEqual(['RECORD_UNDECODABLE']);
    const { rows } = await database.query<{ number_of_points: number; temperature: string }>(
      `SELECT number_of_points, temperature::text FROM region_hourly_temperature WHERE region_code = 'FR-BRE'`,
    );
    expect(rows).toEqual([{ number_of_points: 3, temperature: '12.0000000000000000' }]);
  });
});
