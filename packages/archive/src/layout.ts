import type { ArchivedReading } from '@thermostream/avro';

/** Technical time: when http-ingest received the reading, or when Kafka stored a direct publisher's record. */
export const technicalTime = (record: ArchivedReading) => record.reading.ingest?.received_at ?? record.timestamp;

const hourMillis = 3_600_000;

/** The technical hour of a technical time, as a number of hours since the epoch. */
export const technicalHour = (technicalMillis: number) => Math.floor(technicalMillis / hourMillis);

/**
 * Hive-style partition by technical date and hour; the name comes from topic, partition and first
 * offset (zero-padded so names sort in offset order), like Kafka Connect's S3 sink.
 */
export function archiveFilePath(topic: string, partition: number, firstOffset: number, technicalMillis: number): string {
  const instant = new Date(technicalMillis).toISOString();
  return `dt=${instant.slice(0, 10)}/hour=${instant.slice(11, 13)}/${topic}+${partition}+${String(firstOffset).padStart(19, '0')}.avro`;
}

export interface ArchiveFileName {
  /** Start of the file's technical hour, epoch milliseconds. */
  hour: number;
  topic: string;
  partition: number;
  firstOffset: number;
}

const filePattern = /^dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/(.+)\+(\d+)\+(\d{19})\.avro$/;

/** Reads back what `archiveFilePath` put in a path; undefined for anything else (temporary files included). */
export function parseArchiveFilePath(relativePath: string): ArchiveFileName | undefined {
  const match = filePattern.exec(relativePath.split('\\').join('/'));
  if (!match) return undefined;
  const [, date, hour, topic, partition, firstOffset] = match;
  return { hour: Date.parse(`${date}T${hour}:00:00Z`), topic: topic!, partition: Number(partition), firstOffset: Number(firstOffset) };
}
