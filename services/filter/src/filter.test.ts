import type { RawReading } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { createFilterHandler } from './handler.ts';

const raw = (overrides: Partial<RawReading> = {}): RawReading => ({
  id: 'r-1',
  timestamp: '2026-11-24T11:15:00+01:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 12.5,
  country: 'France',
  version: null,
  ingest: { received_at: Date.UTC(2026, 10, 24, 10, 20), partner: 'acme', request_id: 'req-1' },
  ...overrides,
});

async function driver() {
  const metrics = createMetrics({ service: 'filter', collectDefaults: false });
  const test = await createTopologyTestDriver({
    input: topics.raw,
    serviceName: 'filter',
    handle: createFilterHandler({ maxReadingsPerRecord: 500, metrics, now: () => 1000 }),
  });
  return { test, metrics };
}

describe('filter', () => {
  it('passes a valid reading on, normalised to UTC and keyed by its id', async () => {
    const { test } = await driver();
    await test.pipe([{ key: 'r-1', value: raw() }]);
    expect(test.read(topics.clean)).toEqual([
      {
        key: 'r-1',
        value: {
          readings: [
            {
              id: 'r-1',
              event_time: Date.UTC(2026, 10, 24, 10, 15),
              lat: 48.85,
              lon: 2.35,
              temperature: 12.5,
              country: 'France',
              version: null,
              ingested_at: Date.UTC(2026, 10, 24, 10, 20),
              raw_partition: 0,
              raw_offset: 0,
            },
          ],
        },
        // Kafka's murmur2 of r-1 modulo 6.
        partition: 5,
      },
    ]);
    expect(test.isEmpty(topics.rejected)).toBe(true);
  });

  it('frames readings by the partition their id hashes to, in order, each record keyed by its first reading’s id', async () => {
    const { test } = await driver();
    // Kafka's murmur2 modulo 6: r-1 and r-2 → partition 5, r-3 → 4.
    await test.pipe([
      { key: 'r-1', value: raw() },
      { key: 'r-3', value: raw({ id: 'r-3' }) },
      { key: 'r-2', value: raw({ id: 'r-2' }) },
      { key: 'r-1', value: raw({ version: 2, temperature: 13 }) },
    ]);
    expect(test.read(topics.clean).map((record) => [record.key, record.value.readings.map((reading) => `${reading.id} v${reading.version ?? '-'}`)])).toEqual([
      ['r-1', ['r-1 v-', 'r-2 v-', 'r-1 v2']],
      ['r-3', ['r-3 v-']],
    ]);
  });

  it('rejects what a direct publisher sent against the rules, with reason, field and origin', async () => {
    const { test } = await driver();
    await test.pipe([{ key: 'r-2', value: raw({ id: 'r-2', lat: 123, ingest: null }) }]);
    expect(test.isEmpty(topics.clean)).toBe(true);
    expect(test.read(topics.rejected)).toEqual([
      {
        key: 'r-2',
        value: expect.objectContaining({
          service: 'filter',
          reason_code: 'LAT_OUT_OF_RANGE',
          field: 'lat',
          reading_id: 'r-2',
          source_topic: 'readings.raw',
          source_offset: 0,
          rejected_at: 1000,
        }),
      },
    ]);
  });

  it('counts a batch’s rejects by reason', async () => {
    const { test, metrics } = await driver();
    await test.pipe([
      { key: 'x', value: raw({ id: 'x', lat: 123 }) },
      { key: 'y', value: raw({ id: 'y', lat: -123 }) },
      { key: 'z', value: raw({ id: 'z', lon: 500 }) },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('thermostream_readings_rejected_total{reason="LAT_OUT_OF_RANGE",service="filter"} 2');
    expect(text).toContain('thermostream_readings_rejected_total{reason="LON_OUT_OF_RANGE",service="filter"} 1');
  });

  it('uses the Kafka timestamp as ingest time for direct publishers', async () => {
    const { test } = await driver();
    await test.pipe([{ key: 'r-3', value: raw({ id: 'r-3', ingest: null }) }]);
    const [record] = test.read(topics.clean);
    expect(record!.value.readings[0]!.ingested_at).toBeGreaterThan(Date.UTC(2026, 0, 1));
  });

  it('forwards and counts readings outside France (a correction may move a reading out), and counts a wrong country label', async () => {
    const { test, metrics } = await driver();
    await test.pipe([
      { key: 'berlin', value: raw({ id: 'berlin', lat: 52.52, lon: 13.4, country: 'Germany' }) },
      { key: 'mislabelled', value: raw({ id: 'mislabelled', country: 'Germany' }) },
    ]);
    expect(test.read(topics.clean).map((record) => record.key)).toEqual(['berlin', 'mislabelled']);
    const text = await metrics.registry.metrics();
    expect(text).toContain('thermostream_readings_outside_france_total{service="filter"} 1');
    expect(text).toContain('thermostream_country_label_mismatch_total{service="filter"} 1');
  });

  it('sends a poison pill to readings.rejected and still filters the rest of the batch', async () => {
    const { test } = await driver();
    await test.pipeBytes([{ key: 'poison', value: Buffer.from([0, 0, 0, 0, 1, 255]) }]);
    await test.pipe([{ key: 'r-1', value: raw() }]);
    expect(test.read(topics.rejected).map((record) => record.value.reason_code)).toEqual(['RECORD_UNDECODABLE']);
    expect(test.read(topics.clean)).toHaveLength(1);
  });
});
