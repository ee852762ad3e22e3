import type { ReadingDeltaBatch, RegionalReading } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createDatabase, quoteIdentifier, runMigrations, type Database, type Queryable, type Transaction } from '@thermostream/postgres';
import { createAggregatorHandler } from '../../services/aggregator/src/handler.ts';
import { createScdWriter } from '../../services/scd-writer/src/handler.ts';
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
  const countedTransaction = (tx: Transaction): Transaction => ({
    ...counted(tx),
    copyFrom: (statement, body) => {
      statements += 1;
      return tx.copyFrom(statement, body);
    },
  });
  const wrapped: Database = {
    ...counted(database),
    transaction: (work) => {
      statements += 2;
      return database.transaction((tx) => work(countedTransaction(tx)));
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

const regional = (id: string, options: { version?: number; temperature?: number; region?: string | null; offset?: number } = {}): RegionalReading => ({
  reading: {
    id,
    event_time: hour + 60_000,
    lat: 48.85,
    lon: 2.35,
    temperature: options.temperature ?? 20,
    country: 'France',
    version: options.version ?? 1,
    ingested_at: 1_000 + (options.offset ?? 0),
    raw_partition: 0,
    raw_offset: options.offset ?? 0,
  },
  region_code: options.region === undefined ? 'FR-IDF' : options.region,
  hour,
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

  const outbox = async () => (await database.query<{ sequence: string }>('SELECT sequence FROM delta_outbox ORDER BY sequence')).rows.map((row) => Number(row.sequence));
  const current = async () =>
    (await database.query<{ reading_id: string; version: string }>('SELECT reading_id, version FROM reading_versions WHERE is_current ORDER BY reading_id')).rows.map(
      (row) => `${row.reading_id} v${row.version}`,
    );

  it('scd-writer: writes the history and relays its deltas in one transaction of few statements, and rejects a poison pill', async () => {
    const writer = createScdWriter({
      database: counter.database,
      metrics: createMetrics({ service: 'scd-writer', collectDefaults: false }),
      logger: createLogger({ service: 'scd-writer', level: 'fatal' }),
      maxReadingsPerRecord: 500,
    });
    const test = await createTopologyTestDriver({ input: topics.regional, serviceName: 'scd-writer', handle: writer.handle });
    counter.take();

    await test.pipe([{ key: 'FR-IDF', value: { readings: [regional('a'), regional('b', { region: 'FR-ARA' }), regional('c', { region: null })] } }]);
    // BEGIN, offset row, current rows, savepoint, versions by COPY, release, outbox and offset, COMMIT.
    expect(counter.take()).toBe(8);
    expect(await current()).toEqual(['a v1', 'b v1', 'c v1']);
    const first = test.read(topics.changes);
    const netted = (records: typeof first) => records.flatMap((record) => record.value.deltas.map((delta) => `${delta.kind} ${delta.region_code} ${delta.point_count} ${delta.temperature_sum}`));
    expect(netted(first).sort()).toEqual(['ADD FR-ARA 1 20', 'ADD FR-IDF 1 20']);
    expect(first.every((record) => record.value.source_partition === 0)).toBe(true);

    await test.pipeBytes([{ key: 'poison', value: Buffer.from('not avro') }]);
    expect(test.read(topics.rejected).map((record) => record.value.reason_code)).toEqual(['RECORD_UNDECODABLE']);
    counter.take();

    // A correction, and a late older version kept closed: closing the superseded row and settling valid_to add two statements.
    await test.pipe([
      { key: 'FR-IDF', value: { readings: [regional('a', { version: 2, temperature: 22, offset: 5 }), regional('b', { version: 0, offset: 6 }), regional('e', { temperature: 0.1, offset: 7 }), regional('f', { temperature: 0.2, offset: 8 })] } },
    ]);
    expect(counter.take()).toBe(10);
    expect(await current()).toEqual(['a v2', 'b v1', 'c v1', 'e v1', 'f v1']);
    const second = test.read(topics.changes);
    // One delta per region, hour and kind: its readings' count and exact sum (22 + 0.1 + 0.2).
    expect(netted(second)).toEqual(['RETRACT FR-IDF 1 20', 'ADD FR-IDF 3 22.3']);
    // Sequences increase batch after batch; the first batch's rows went with the second's statement.
    expect(Math.min(...second.map((record) => record.value.sequence))).toBeGreaterThan(Math.max(...first.map((record) => record.value.sequence)));
    expect(await outbox()).toEqual(second.map((record) => record.value.sequence));
    await writer.forgetRelayed();
    expect(await outbox()).toEqual([]);

    // The same late version again: its row is stored, so the COPY fails and the rows go in by the INSERT that skips it.
    await test.pipe([{ key: 'FR-IDF', value: { readings: [regional('b', { version: 0, offset: 7 }), regional('d', { offset: 8 })] } }]);
    expect(await current()).toEqual(['a v2', 'b v1', 'c v1', 'd v1', 'e v1', 'f v1']);
    const versionsOfB = await database.query<{ version: string; is_current: boolean }>(`SELECT version, is_current FROM reading_versions WHERE reading_id = 'b' ORDER BY version`);
    expect(versionsOfB.rows).toEqual([
      { version: '0', is_current: false },
      { version: '1', is_current: true },
    ]);
    expect(netted(test.read(topics.changes))).toEqual(['ADD FR-IDF 1 20']);
    expect(test.read(topics.rejected)).toEqual([]);
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
