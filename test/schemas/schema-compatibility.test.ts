import {
  createAvroSerde,
  createSchemaRegistry,
  loadSchema,
  SchemaIncompatibleError,
  subjectCompatibility,
  type AvroSerde,
  type RawReading,
  type ReadingDeltaBatch,
  type SchemaName,
  type SchemaRegistry,
} from '@thermostream/avro';
import { createKafkaContext, createProducer, outbound, topicName, topics, type KafkaContext } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import { eventually, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

type AvroRecordSchema = { fields: ({ name: string; type: unknown } & Record<string, unknown>)[] } & Record<string, unknown>;

/** RawReading as a partner evolves it: one more optional field, with a default. */
const evolvedRawReading = (): AvroRecordSchema => {
  const current = loadSchema('RawReading') as AvroRecordSchema;
  return { ...current, fields: [...current.fields, { name: 'humidity', type: ['null', 'double'], default: null }] };
};

/** The serde of a publisher writing `schemaName` with its own `schema`, everything else as ours. */
function publisherSerde(registry: SchemaRegistry, schemaName: SchemaName, schema: AvroRecordSchema): AvroSerde {
  const ours = createAvroSerde(registry);
  const writers = new Map<string, { id: number; type: Awaited<ReturnType<SchemaRegistry['schemaById']>> }>();
  const encode: AvroSerde['encode'] = (subject, name, value) => {
    const writer = writers.get(subject);
    if (name !== schemaName || writer === undefined) return ours.encode(subject, name, value);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(writer.id, 1);
    return Buffer.concat([header, writer.type.toBuffer(value)]);
  };
  return {
    async register(subject, name) {
      if (name !== schemaName) return ours.register(subject, name);
      const id = await registry.register(subject, schema);
      writers.set(subject, { id, type: await registry.schemaById(id) });
    },
    encode,
    encodeInto(subject, name, value, target, offset) {
      const bytes = encode(subject, name, value);
      if (target.length < offset + bytes.length) return target.length - offset - bytes.length;
      return offset + bytes.copy(target, offset);
    },
    decode: ours.decode,
    decodeAll: ours.decodeAll,
    bodyInRegisteredSchema: ours.bodyInRegisteredSchema,
  };
}

/** ReadingDeltaBatch as version 1 wrote it: one reading per delta, no count or exact sum. */
const firstReadingDeltaBatch = (): AvroRecordSchema => {
  const current = loadSchema('ReadingDeltaBatch') as AvroRecordSchema;
  return {
    ...current,
    fields: current.fields.map((field) => {
      if (field.name !== 'deltas') return field;
      const items = (field.type as { items: AvroRecordSchema }).items;
      const fields = items.fields
        .filter((delta) => delta.name !== 'point_count' && delta.name !== 'temperature_sum')
        .map((delta) => (delta.name === 'reading_id' ? { name: 'reading_id', type: 'string' } : delta));
      return { ...field, type: { type: 'array', items: { ...items, fields } } };
    }),
  };
};

const reading = (id: string, temperature: number): RawReading => ({
  id,
  timestamp: '2026-11-24 10:15:00',
  lat: 48.85,
  lon: 2.35,
  temperature,
  country: 'France',
  version: null,
  ingest: null,
});

async function registryJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

describe('schema registry: a schema that would break consumers is refused, a compatible evolution flows', () => {
  const namespace = uniqueNamespace('schemas');
  const rawSubject = `${topicName(topics.raw, namespace)}-value`;
  let pipeline: RunningPipeline;
  let registryUrl: string;
  let context: KafkaContext;

  beforeAll(async () => {
    registryUrl = (await testStackEndpoints()).schemaRegistryUrl;
    pipeline = await startPipeline(namespace);
    context = await testKafkaContext(namespace);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it(`holds every subject of the pipeline to ${subjectCompatibility} once the services registered them`, async () => {
    for (const topic of Object.values(topics)) {
      const subject = `${topicName(topic, namespace)}-value`;
      await expect(registryJson(`${registryUrl}/config/${encodeURIComponent(subject)}`)).resolves.toMatchObject({ compatibilityLevel: subjectCompatibility });
    }
  });

  it('refuses a readings.raw schema whose temperature is a string, and keeps the latest version as it was', async () => {
    const latest = () => registryJson(`${registryUrl}/subjects/${encodeURIComponent(rawSubject)}/versions/latest`);
    const before = await latest();
    const current = loadSchema('RawReading') as AvroRecordSchema;
    const incompatible = { ...current, fields: current.fields.map((field) => (field.name === 'temperature' ? { name: 'temperature', type: 'string' } : field)) };
    const refused = createSchemaRegistry(registryUrl).register(rawSubject, incompatible);
    await expect(refused).rejects.toBeInstanceOf(SchemaIncompatibleError);
    await expect(latest()).resolves.toEqual(before);
  });

  it('carries readings written with the evolved schema and with the older one to the aggregates, and a restarted service still starts', async () => {
    const evolvedContext = createKafkaContext({
      brokers: (await testStackEndpoints()).kafkaBrokers,
      clientId: `test-${namespace}-evolved`,
      namespace,
      serde: publisherSerde(createSchemaRegistry(registryUrl), 'RawReading', evolvedRawReading()),
      logger: createLogger({ service: 'test', level: 'fatal' }),
    });
    await evolvedContext.serde.register(rawSubject, 'RawReading');
    const versions = (await registryJson(`${registryUrl}/subjects/${encodeURIComponent(rawSubject)}/versions`)) as number[];
    expect(versions.length).toBeGreaterThanOrEqual(2);

    const older = await createProducer(context);
    const evolved = await createProducer(evolvedContext);
    try {
      await older.send([outbound(topics.raw, 'older-before', reading('older-before', 10))]);
      await evolved.send([outbound(topics.raw, 'evolved', { ...reading('evolved', 12), humidity: 81.5 } as RawReading)]);
      await older.send([outbound(topics.raw, 'older-after', reading('older-after', 14))]);
    } finally {
      await Promise.all([older.disconnect(), evolved.disconnect()]);
    }

    const aggregate = await eventually(
      'FR-IDF 2026-11-24 10:00 in region_hourly_temperature',
      async () =>
        (
          await pipeline.database.query<{ number_of_points: number; temperature: string }>(
            `SELECT number_of_points, temperature::text AS temperature FROM region_hourly_temperature
             WHERE region_code = 'FR-IDF' AND hour = '2026-11-24T10:00:00Z'`,
          )
        ).rows[0],
      (row) => row?.number_of_points === 3,
      90_000,
    );
    expect(Number(aggregate?.temperature)).toBe(12);
    await pipeline.historyMirrored();
    const current = await pipeline.database.query<{ reading_id: string }>('SELECT reading_id FROM reading_versions WHERE is_current ORDER BY reading_id');
    expect(current.rows.map((row) => row.reading_id)).toEqual(['evolved', 'older-after', 'older-before']);

    // A filter started now registers its own, older schema on a subject whose latest version is newer.
    await expect(pipeline.startInstance('filter', 1)).resolves.toBeDefined();
  });

  it('still folds readings.changes records written with version 1 of ReadingDeltaBatch, one reading per delta', async () => {
    const changesSubject = `${topicName(topics.changes, namespace)}-value`;
    const firstVersionContext = createKafkaContext({
      brokers: (await testStackEndpoints()).kafkaBrokers,
      clientId: `test-${namespace}-deltas-v1`,
      namespace,
      serde: publisherSerde(createSchemaRegistry(registryUrl), 'ReadingDeltaBatch', firstReadingDeltaBatch()),
      logger: createLogger({ service: 'test', level: 'fatal' }),
    });
    // Registered after the aggregator's own version: FULL_TRANSITIVE accepts it both ways.
    await firstVersionContext.serde.register(changesSubject, 'ReadingDeltaBatch');
    const hour = Date.UTC(2026, 10, 24, 11);
    const oneReading = (id: string, temperature: number) => ({ reading_id: id, version: null, region_code: 'FR-COR', hour, kind: 'ADD' as const, temperature });
    const producer = await createProducer(firstVersionContext);
    try {
      // Source partition 1000 is none of readings.regional's, so no relay of the scd-writer shares its sequences.
      const batch = { source_partition: 1000, sequence: 1, deltas: [oneReading('v1-a', 15.5), oneReading('v1-b', 16.7)] } as unknown as ReadingDeltaBatch;
      await producer.send([outbound(topics.changes, 'FR-COR|v1', batch)]);
    } finally {
      await producer.disconnect();
    }

    const aggregate = await eventually(
      'FR-COR 2026-11-24 11:00 in region_hourly_temperature',
      async () =>
        (
          await pipeline.database.query<{ number_of_points: number; temperature_sum: string }>(
            `SELECT number_of_points, temperature_sum::text FROM region_hourly_temperature WHERE region_code = 'FR-COR' AND hour = '2026-11-24T11:00:00Z'`,
          )
        ).rows[0],
      (row) => row !== undefined,
      60_000,
    );
    expect(aggregate).toEqual({ number_of_points: 2, temperature_sum: '32.2' });
  });
});
