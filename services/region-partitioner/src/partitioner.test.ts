import type { CleanReading } from '@thermostream/avro';
import { createTopologyTestDriver, topics } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { createRegionAssigner } from '@thermostream/regions';
import { createPartitionerHandler } from './handler.ts';

const reading = (id: string, lat: number, lon: number, minute: number): CleanReading => ({
  id,
  event_time: Date.UTC(2026, 10, 24, 10, minute),
  lat,
  lon,
  temperature: 10,
  country: 'France',
  version: null,
  ingested_at: 0,
  raw_partition: 0,
  raw_offset: 0,
});

async function driver() {
  const metrics = createMetrics({ service: 'region-partitioner', collectDefaults: false });
  const handle = createPartitionerHandler({ assign: createRegionAssigner({ mode: 'polygon' }), maxReadingsPerRecord: 500, metrics });
  return { test: await createTopologyTestDriver({ input: topics.clean, serviceName: 'region-partitioner', handle }), metrics };
}

describe('region-partitioner', () => {
  it('sends each reading to the partition its region and hour hash to, the readings of a partition in one record keyed by its first', async () => {
    const { test } = await driver();
    await test.pipe([
      { key: 'a', value: { readings: [reading('paris-1', 48.8566, 2.3522, 5)] } },
      { key: 'b', value: { readings: [reading('lyon-1', 45.764, 4.8357, 10), reading('sea', 45.5, -3, 0)] } },
      { key: 'c', value: { readings: [reading('paris-2', 48.86, 2.34, 59), reading('paris-11h', 48.86, 2.34, 65)] } },
    ]);
    const out = test.read(topics.regional);
    // Kafka's murmur2 of the keys modulo 6: FR-IDF 10h → 3, FR-ARA 10h → 5, none 10h and FR-IDF 11h → 2.
    expect(out.map((record) => [record.key, record.value.readings.map((regional) => regional.reading.id)])).toEqual([
      ['FR-IDF|2026-11-24T10:00:00.000Z', ['paris-1', 'paris-2']],
      ['FR-ARA|2026-11-24T10:00:00.000Z', ['lyon-1']],
      ['none|2026-11-24T10:00:00.000Z', ['sea', 'paris-11h']],
    ]);
    expect(out[0]!.value.readings[0]).toMatchObject({ region_code: 'FR-IDF', hour: Date.UTC(2026, 10, 24, 10) });
    expect(out[2]!.value.readings[1]).toMatchObject({ region_code: 'FR-IDF', hour: Date.UTC(2026, 10, 24, 11) });
  });

  it('names the partition of each record', async () => {
    const metrics = createMetrics({ service: 'region-partitioner', collectDefaults: false });
    const handle = createPartitionerHandler({ assign: createRegionAssigner({ mode: 'polygon' }), maxReadingsPerRecord: 1, metrics });
    const clean = (readings: CleanReading[]) => ({ topic: 'readings.clean', partition: 0, offset: 0, key: null, value: { readings }, timestamp: 0 });
    const out = await handle([clean([reading('paris-1', 48.8566, 2.3522, 5), reading('lyon-1', 45.764, 4.8357, 10), reading('paris-2', 48.86, 2.34, 59)])], async () => undefined);
    expect(out.map((record) => [record.partition, record.key])).toEqual([
      [3, 'FR-IDF|2026-11-24T10:00:00.000Z'],
      [5, 'FR-ARA|2026-11-24T10:00:00.000Z'],
      [3, 'FR-IDF|2026-11-24T10:00:00.000Z'],
    ]);
    expect(await metrics.registry.metrics()).toContain('thermostream_readings_assigned_total{region="FR-IDF",service="region-partitioner"} 2');
  });

  it('counts readings at sea instead of rejecting them, and forwards them without a region for their history', async () => {
    const { test, metrics } = await driver();
    await test.pipe([{ key: 'sea', value: { readings: [reading('sea', 45.5, -3, 0)] } }]);
    const out = test.read(topics.regional);
    expect(out.map((record) => record.key)).toEqual(['none|2026-11-24T10:00:00.000Z']);
    expect(out[0]!.value.readings[0]).toMatchObject({ region_code: null, hour: Date.UTC(2026, 10, 24, 10) });
    expect(test.isEmpty(topics.rejected)).toBe(true);
    expect(await metrics.registry.metrics()).toContain('thermostream_readings_unassigned_total{service="region-partitioner"} 1');
  });

  it('sends a poison pill to readings.rejected', async () => {
    const { test } = await driver();
    await test.pipeBytes([{ key: 'x', value: Buffer.from('garbage') }]);
    expect(test.read(topics.rejected)[0]!.value).toMatchObject({ service: 'region-partitioner', reason_code: 'RECORD_UNDECODABLE' });
  });
});
