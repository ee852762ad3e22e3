import {
  createAvroSerde,
  createSchemaRegistry,
  loadSchema,
  SchemaIncompatibleError,
  subjectCompatibility,
  type AvroSerde,
  type RawReading,
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

/** The serde a partner on the evolved schema would have: readings.raw written with it, everything else as ours. */
function evolvedPublisherSerde(registry: SchemaRegistry): AvroSerde {
  const ours = createAvroSerde(registry);
  const writers = new Map<string, { id: number; type: Awaited<ReturnType<SchemaRegistry['schemaById']>> }>();
  return {
    async register(subject, schemaName) {
      if (schemaName !== 'RawReading') return ours.register(subject, schemaName);
      const id = await registry.register(subject, evolvedRawReading());
      writers.set(subject, { id, type: await registry.schemaById(id) });
    },
    encode(subject, schemaName, value) {
      const writer = writers.get(subject);
      if (schemaName !== 'RawReading' || writer === undefined) return ours.encode(subject, schemaName, value);
      const header = Buffer.alloc(5);
      header.writeUInt32BE(writer.id, 1);
      return Buffer.concat([header, writer.type.toBuffer(value)]);
    },
    decode: ours.decode,
  };
}

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
      serde: evolvedPublisherSerde(createSchemaRegistry(registryUrl)),
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
    const current = await pipeline.database.query<{ reading_id: string }>('SELECT reading_id FROM reading_versions WHERE is_current ORDER BY reading_id');
    expect(current.rows.map((row) => row.reading_id)).toEqual(['evolved', 'older-after', 'older-before']);

    // A filter started now registers its own, older schema on a subject whose latest version is newer.
    await expect(pipeline.startInstance('filter', 1)).resolves.toBeDefined();
  });
});
