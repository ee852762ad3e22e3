import { createAvroSerde, createInMemorySchemaRegistry, type IngestMetadata } from '@thermostream/avro';
import { toRawReading, validateReading } from '@thermostream/readings';

export interface RawRecordSize {
  /** Mean bytes of a readings.raw value: Confluent wire header and Avro body. */
  valueBytes: number;
  /** Mean bytes of its key, the reading id. */
  keyBytes: number;
}

const subject = 'readings.raw-value';

/**
 * The mean size of the records http-ingest writes to readings.raw for these readings, encoded the
 * way it encodes them. The wire header holds a fixed-width schema id, so an in-memory registry gives
 * the same sizes as the real one.
 */
export async function rawRecordSize(readings: readonly unknown[], ingest: IngestMetadata): Promise<RawRecordSize> {
  const serde = createAvroSerde(createInMemorySchemaRegistry());
  await serde.register(subject, 'RawReading');
  let valueBytes = 0;
  let keyBytes = 0;
  for (const [index, reading] of readings.entries()) {
    const validation = validateReading(reading);
    if (!validation.ok) throw new Error(`reading ${index} would be rejected: ${validation.problems.map((problem) => problem.message).join('; ')}`);
    valueBytes += serde.encode(subject, 'RawReading', toRawReading(validation.reading, ingest)).length;
    keyBytes += Buffer.byteLength(validation.reading.id);
  }
  return { valueBytes: valueBytes / readings.length, keyBytes: keyBytes / readings.length };
}
