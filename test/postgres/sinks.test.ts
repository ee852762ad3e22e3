import type { ReadingDeltaBatch } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { createDatabase, quoteIdentifier, runMigrations, type Database, type Queryable } from '@thermostream/postgres';
import { createAggregatorHandler } from '../../services/aggregator/src/handler.ts';
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

  it('aggregator: applies a batch in one transaction of five round trips and skips a delta relayed twice', async () => {
    const test = await createTopologyTestDriver({
      input: topics.changes,
      serviceName: 'aggregator',
      handle: createAggregatorHandler({ database: counter.database, metrics: createMetrics({ service: 'aggregator', collectDefaults: false }) }),
    });
    const changes = (sequence: number, temperature: number): ReadingDeltaBatch => ({
      source_partition: 3,
      sequence,
      deltas: [{ reading_id: `r-${sequence}`, version: 1, region_code: 'FR-BRE', hour, kind: 'ADD', temperature }],
    });
    counter.take();
    await test.pipe([
      { key: 'FR-BRE', value: changes(1, 10) },
      { key: 'FR-BRE', value: changes(2, 12) },
    ]);
    // BEGIN, offset row, applied sequences, changes with sequences and offset, COMMIT.
    expect(counter.take()).toBe(5);
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
