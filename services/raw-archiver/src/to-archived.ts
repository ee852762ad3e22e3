import type { ArchivedReading, RawReading } from '@thermostream/avro';
import type { InboundRecord } from '@thermostream/kafka';

/** A consumed readings.raw record as the archive keeps it: the reading and its Kafka coordinates. */
export const toArchived = (record: InboundRecord<RawReading>): ArchivedReading => ({
  offset: record.offset,
  timestamp: record.timestamp,
  key: record.key,
  reading: record.value,
});
