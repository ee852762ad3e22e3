import type { RawReading } from '@thermostream/avro';

export interface ArchivedRecord {
  partition: number;
  offset: string;
  /** The Kafka record timestamp, epoch milliseconds. */
  timestamp: number;
  value: RawReading;
}

export interface ArchiveChunk {
  /** Path under the archive root: `dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<first offset>.avro`. */
  path: string;
  records: ArchivedRecord[];
}

/** Technical time: when http-ingest received the reading, or when Kafka stored a direct publisher's record. */
export const technicalTime = (record: ArchivedRecord) => record.value.ingest?.received_at ?? record.timestamp;

/** Hive-style partition by technical date and hour; the name comes from topic, partition and first offset. */
export function archiveFilePath(topic: string, partition: number, firstOffset: string, technicalMillis: number): string {
  const instant = new Date(technicalMillis).toISOString();
  return `dt=${instant.slice(0, 10)}/hour=${instant.slice(11, 13)}/${topic}+${partition}+${firstOffset.padStart(19, '0')}.avro`;
}

/**
 * Splits consumed records into files: one run of consecutive offsets per partition and technical
 * hour, at most `maxRecordsPerFile` each, in offset order.
 */
export function planArchiveChunks(topic: string, records: readonly ArchivedRecord[], maxRecordsPerFile: number): ArchiveChunk[] {
  const chunks: ArchiveChunk[] = [];
  let current: (ArchiveChunk & { partition: number; hour: number }) | undefined;
  for (const record of [...records].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)))) {
    const hour = Math.floor(technicalTime(record) / 3_600_000);
    if (!current || current.partition !== record.partition || current.hour !== hour || current.records.length >= maxRecordsPerFile) {
      current = { path: archiveFilePath(topic, record.partition, record.offset, technicalTime(record)), records: [], partition: record.partition, hour };
      chunks.push(current);
    }
    current.records.push(record);
  }
  return chunks.map(({ path, records: chunkRecords }) => ({ path, records: chunkRecords }));
}
