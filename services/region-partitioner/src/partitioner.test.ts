import type { CleanReading } from '@thermostream/avro';
import { createTopologyTestDriver, frameByKey, topics } from '@thermostream/kafka';
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

/** The partition Kafka's default partitioner gives the id as a key. */
const partitionOfId = (id: string) => frameByKey([id], (key) => key, topics.regional.partitions, 1)[0]!.partition;

async function driver() {
  const metrics = createMetrics({ service: 'region-partitioner', collectDefaults: false });
  const handle = createPartitionerHandler({ assign: createRegionAssigner({ mode: 'polygon' }), maxReadingsPerRecord: 500, metrics });
  return { test: await createTopologyTestDriver({ input: topics.clean, serviceName: 'region-partitioner', handle }), metrics };
}

describe('region-partitioner', () => {
  it('sends every version of a reading id to the partition of its id, in a record keyed by an id of that partition', async () => {
    const { test } = await driver();
    await test.pipe([
      { key: 'a', value: { readings: [reading('paris-1', 48.8566, 2.3522, 5), reading('lyon-1', 45.764, 4.8357, 10)] } },
      // A correction of paris-1 that moves it to Lyon and another hour: still the partition of paris-1.
      { key: 'b', value: { readings: [{ ...reading('paris-1', 45.764, 4.8357, 70), version: 2 }, reading('sea', 45.5, -3, 0)] } },
    ]);
    const out = test.read(topics.regional);
    const partitionsOf = (id: string) => new Set(out.filter((record) => record.value.readings.some((regional) => regional.reading.id === id)).map((record) => record.partition));
    expect(partitionsOf('paris-1')).toEqual(new Set([partitionOfId('paris-1')]));
    for (const record of out) {
      expect(record.partition).toBe(partitionOfId(record.key!));
      for (const regional of record.value.readings) expect(partitionOfId(regional.reading.id)).toBe(record.partition);
    }
    const versions = out.flatMap((record) => record.value.readings).filter((regional) => regional.reading.id === 'paris-1');
    expect(versions.map((regional) => [regional.region_code, regional.hour])).toEqual([
      ['FR-IDF', Date.UTC(2026, 10, 24, 10)],
      ['FR-ARA', Date.UTC(2026, 10, 24, 11)],
    ]);
  });

  it('names the partition of each record and counts readings by region', async () => {
    const metrics = createMetrics({ service: 'region-partitioner', collectDefaults: false });
    const handle = createPartitionerHandler({ assign: createRegionAssigner({ mode: 'polygon' }), maxReadingsPerRecord: 1, metrics });
    const clean = (readings: CleanReading[]) => ({ topic: 'readings.clean', partition: 0, offset: 0, key: null, value: { readings }, timestamp: 0 });
    const out = await handle([clean([reading('paris-1', 48.8566, 2.3522, 5), reading('lyon-1', 45.764, 4.8357, 10), reading('paris-2', 48.86, 2.34, 59)])], async () => undefined);
    expect(out.map((record) => [record.partition, record.key])).toEqual(['paris-1', 'lyon-1', 'paris-2'].map((id) => [partitionOfId(id), id]));
    expect(await metrics.registry.metrics()).toContain('thermostream_readings_assigned_total{region="FR-IDF",service="region-partitioner"} 2');
  });

  it('counts readings at sea instead of rejecting them, and forwards them without a region for their history', async () => {
    const { test, metrics } = await driver();
    await test.pipe([{ key: 'sea', value: { readings: [reading('sea', 45.5, -3, 0)] } }]);
    const out = test.read(topics.regional);
    expect(out.map((record) => record.key)).toEqual(['sea']);
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
