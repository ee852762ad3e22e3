import avro from 'avsc';
import {
  createAvroSerde,
  createInMemorySchemaRegistry,
  loadSchema,
  SchemaIncompatibleError,
  schemaType,
  UndecodableRecordError,
  type SchemaRecords,
} from './index.ts';

const clean = {
  id: 'r-1',
  event_time: Date.UTC(2026, 10, 24, 10, 15),
  lat: 48.85,
  lon: 2.35,
  temperature: 12.5,
  country: 'France',
  version: null,
  ingested_at: Date.UTC(2026, 10, 24, 10, 16),
  raw_partition: 3,
  raw_offset: 42,
};

const samples: SchemaRecords = {
  RawReading: {
    id: 'r-1',
    timestamp: '2026-11-24 10:15:00',
    lat: 48.85,
    lon: 2.35,
    temperature: 12.5,
    country: 'France',
    version: 2,
    ingest: { received_at: Date.UTC(2026, 10, 24), partner: 'acme', request_id: 'req-1' },
  },
  ArchivedReading: {
    offset: 42,
    timestamp: Date.UTC(2026, 10, 24, 10, 16),
    key: 'r-1',
    reading: { id: 'r-1', timestamp: '2026-11-24 10:15:00', lat: null, lon: null, temperature: null, country: null, version: null, ingest: null },
  },
  CleanReadingBatch: { readings: [clean] },
  RegionalReadingBatch: { readings: [{ reading: clean, region_code: 'FR-IDF', hour: Date.UTC(2026, 10, 24, 10) }] },
  ReadingDeltaBatch: {
    source_partition: 2,
    sequence: 17,
    deltas: [{ reading_id: '', version: null, region_code: 'FR-IDF', hour: Date.UTC(2026, 10, 24, 10), kind: 'RETRACT', temperature: 37.5, point_count: 3, temperature_sum: '37.50' }],
  },
  RejectedRecord: {
    service: 'filter',
    reason_code: 'LAT_OUT_OF_RANGE',
    field: 'lat',
    message: 'lat must be between -90 and 90',
    reading_id: 'r-1',
    payload: '{"id":"r-1"}',
    source_topic: 'readings.raw',
    source_partition: 0,
    source_offset: 7,
    partner: null,
    request_id: null,
    record_index: null,
    rejected_at: Date.UTC(2026, 10, 24),
  },
  ReadingVersionBatch: {
    versions: [
      {
        reading_id: 'r-1',
        version: 2,
        region_code: null,
        hour: Date.UTC(2026, 10, 24, 10),
        event_time: Date.UTC(2026, 10, 24, 10, 15),
        temperature: 12.5,
        lat: 51.5,
        lon: -0.12,
        valid_from: Date.UTC(2026, 10, 24, 10, 16),
        late: true,
        raw_partition: 3,
        raw_offset: 42,
      },
    ],
  },
  CurrentVersion: {
    version: 2,
    region_code: 'FR-IDF',
    hour: Date.UTC(2026, 10, 24, 10),
    event_time: Date.UTC(2026, 10, 24, 10, 15),
    temperature: 12.5,
    lat: 48.85,
    lon: 2.35,
    valid_from: Date.UTC(2026, 10, 24, 10, 16),
  },
};

describe('schemas and record types', () => {
  it.each(Object.keys(samples) as (keyof SchemaRecords)[])('a typed %s sample is valid for its .avsc schema', (name) => {
    expect(schemaType(name).isValid(samples[name])).toBe(true);
  });

  it('rejects a value whose field has the wrong type', () => {
    expect(schemaType('RawReading').isValid({ ...samples.RawReading, lat: '48.85' })).toBe(false);
  });

  it('inlines a named type defined in another file so each subject is self-contained', () => {
    const regional = JSON.stringify(loadSchema('RegionalReadingBatch'));
    expect(regional).toContain('"name":"CleanReading"');
    expect(() => avro.Type.forSchema(loadSchema('RegionalReadingBatch') as avro.Schema)).not.toThrow();
  });
});

describe('createAvroSerde', () => {
  it('round-trips every record type through the Confluent wire format', async () => {
    const serde = createAvroSerde(createInMemorySchemaRegistry());
    for (const name of Object.keys(samples) as (keyof SchemaRecords)[]) {
      await serde.register(`topic-${name}-value`, name);
      const bytes = serde.encode(`topic-${name}-value`, name, samples[name] as never);
      expect(bytes.readUInt8(0)).toBe(0);
      await expect(serde.decode(name, bytes)).resolves.toEqual(samples[name]);
    }
  });

  it('reads a record written with an older schema, filling new fields with their defaults', async () => {
    const registry = createInMemorySchemaRegistry();
    const current = loadSchema('RawReading') as { fields: { name: string }[] };
    const older = { ...current, fields: current.fields.filter((field) => field.name !== 'ingest' && field.name !== 'version') };
    const olderId = await registry.register('readings.raw-value', older);
    const olderType = avro.Type.forSchema(older as avro.Schema);
    const { ingest: _ingest, version: _version, ...olderValue } = samples.RawReading;
    const body = olderType.toBuffer(olderValue);
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, olderId]), body]);
    const decoded = await createAvroSerde(registry).decode('RawReading', bytes);
    expect(decoded).toEqual({ ...olderValue, version: null, ingest: null });
  });

  it('reads a record written with a newer schema, dropping the field it does not know', async () => {
    const registry = createInMemorySchemaRegistry();
    const serde = createAvroSerde(registry);
    await serde.register('readings.raw-value', 'RawReading');
    const newer = withHumidity(loadSchema('RawReading'));
    const newerId = await registry.register('readings.raw-value', newer);
    const body = avro.Type.forSchema(newer as avro.Schema).toBuffer({ ...samples.RawReading, humidity: 81.5 });
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, newerId]), body]);
    await expect(serde.decode('RawReading', bytes)).resolves.toEqual(samples.RawReading);
  });

  it("gives a value's body for copying only when the subject's registered schema wrote it", async () => {
    const registry = createInMemorySchemaRegistry();
    const serde = createAvroSerde(registry);
    await serde.register('readings.raw-value', 'RawReading');
    const own = serde.encode('readings.raw-value', 'RawReading', samples.RawReading);
    expect(serde.bodyInRegisteredSchema('readings.raw-value', own)).toEqual(schemaType('RawReading').toBuffer(samples.RawReading));
    const newer = withHumidity(loadSchema('RawReading'));
    const newerId = await registry.register('readings.raw-value', newer);
    const byNewer = Buffer.concat([Buffer.from([0, 0, 0, 0, newerId]), avro.Type.forSchema(newer as avro.Schema).toBuffer({ ...samples.RawReading, humidity: 81.5 })]);
    expect(serde.bodyInRegisteredSchema('readings.raw-value', byNewer)).toBeUndefined();
    expect(serde.bodyInRegisteredSchema('readings.other-value', own)).toBeUndefined();
    expect(serde.bodyInRegisteredSchema('readings.raw-value', Buffer.from([0, 0]))).toBeUndefined();
  });

  it.each([
    ['not the magic byte', Buffer.from('{"id":"r-1"}')],
    ['shorter than the header', Buffer.from([0, 0])],
    ['an unknown schema id', Buffer.from([0, 0, 0, 0, 99, 1])],
    ['a truncated body', Buffer.from([0, 0, 0, 0, 1, 2])],
  ])('refuses a value with %s as undecodable, never retriable', async (_case, bytes) => {
    const serde = createAvroSerde(createInMemorySchemaRegistry());
    await serde.register('readings.raw-value', 'RawReading');
    const failure = serde.decode('RawReading', bytes);
    await expect(failure).rejects.toBeInstanceOf(UndecodableRecordError);
    await expect(failure).rejects.toMatchObject({ retriable: false, code: 'RECORD_UNDECODABLE' });
  });

  it('refuses a value with bytes left after its record, naming why', async () => {
    const serde = createAvroSerde(createInMemorySchemaRegistry());
    await serde.register('readings.raw-value', 'RawReading');
    const valid = serde.encode('readings.raw-value', 'RawReading', samples.RawReading);
    await expect(serde.decode('RawReading', valid)).resolves.toEqual(samples.RawReading);
    await expect(serde.decode('RawReading', Buffer.concat([valid, Buffer.from([0])]))).rejects.toThrow(/not valid Avro for RawReading: trailing data/);
    await expect(serde.decode('RawReading', valid.subarray(0, valid.length - 1))).rejects.toThrow(/not valid Avro for RawReading: truncated buffer/);
  });

  it('decodes a batch in one pass, keeping each undecodable value as its own error, and looks each writer schema up once', async () => {
    const registry = createInMemorySchemaRegistry();
    const serde = createAvroSerde(registry);
    await serde.register('readings.raw-value', 'RawReading');
    const lookups: number[] = [];
    const schemaById = registry.schemaById.bind(registry);
    registry.schemaById = async (id) => {
      lookups.push(id);
      return schemaById(id);
    };
    const valid = serde.encode('readings.raw-value', 'RawReading', samples.RawReading);
    const decoded = await serde.decodeAll('RawReading', [valid, null, Buffer.from([0, 0, 0, 0, 99, 1]), valid, Buffer.from([0, 0, 0, 0, 1, 2]), valid]);
    expect(decoded.map((value) => (value instanceof UndecodableRecordError ? value.message.split(':')[0] : value))).toEqual([
      samples.RawReading,
      'record value is empty or shorter than the Avro wire header',
      expect.stringContaining('99'),
      samples.RawReading,
      'record value is not valid Avro for RawReading',
      samples.RawReading,
    ]);
    expect(lookups.sort()).toEqual([1, 99]);
  });
});

/** RawReading as a partner might evolve it: one more optional field, with a default. */
function withHumidity(schema: Record<string, unknown>): Record<string, unknown> {
  const fields = schema.fields as object[];
  return { ...schema, fields: [...fields, { name: 'humidity', type: ['null', 'double'], default: null }] };
}

describe('createInMemorySchemaRegistry compatibility', () => {
  it('accepts a new optional field with a default, and the earlier schema again under its first id', async () => {
    const registry = createInMemorySchemaRegistry();
    const firstId = await registry.register('readings.raw-value', loadSchema('RawReading'));
    const evolvedId = await registry.register('readings.raw-value', withHumidity(loadSchema('RawReading')));
    expect(evolvedId).not.toBe(firstId);
    await expect(registry.register('readings.raw-value', loadSchema('RawReading'))).resolves.toBe(firstId);
  });

  it.each([
    ['a required field without a default', { name: 'humidity', type: 'double' }],
    ['a field whose type changed', { name: 'temperature', type: 'string' }],
  ])('refuses %s, which readers of the subject could not resolve', async (_case, field) => {
    const registry = createInMemorySchemaRegistry();
    const current = loadSchema('RawReading');
    await registry.register('readings.raw-value', current);
    const fields = (current.fields as { name: string }[]).filter((existing) => existing.name !== field.name);
    const refused = registry.register('readings.raw-value', { ...current, fields: [...fields, field] });
    await expect(refused).rejects.toBeInstanceOf(SchemaIncompatibleError);
    await expect(refused).rejects.toMatchObject({ retriable: false, code: 'SCHEMA_INCOMPATIBLE' });
  });
});
