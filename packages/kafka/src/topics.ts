import type { SchemaName, SchemaRecords } from '@thermostream/avro';

/**
 * Every topic of the pipeline, declared once: its name, what its key is, and the Avro schema of its
 * values (subject `<topic>-value`, TopicNameStrategy). Nothing else in the code names a topic.
 */
export interface Topic<S extends SchemaName = SchemaName> {
  readonly name: string;
  readonly valueSchema: S;
  readonly key: string;
  readonly partitions: number;
  /** A compacted topic keeps the last record of each key: a changelog that a local store is rebuilt from. */
  readonly compacted: boolean;
}

export type TopicValue<T extends Topic> = SchemaRecords[T['valueSchema']];

const topic = <S extends SchemaName>(name: string, valueSchema: S, key: string, partitions: number, compacted = false): Topic<S> => ({
  name,
  valueSchema,
  key,
  partitions,
  compacted,
});

export const topics = {
  raw: topic('readings.raw', 'RawReading', 'reading id', 6),
  clean: topic('readings.clean', 'CleanReadingBatch', 'reading id', 6),
  // Keyed by reading id: every version of an id is on one partition, whose scd-writer owns that id.
  regional: topic('readings.regional', 'RegionalReadingBatch', 'reading id', 6),
  changes: topic('readings.changes', 'ReadingDeltaBatch', 'region code and hour', 6),
  // The scd-writer's outputs, on the partition of their input: every version accepted, for the lake,
  // and the current version of each id, the changelog its local store is rebuilt from.
  versions: topic('readings.versions', 'ReadingVersionBatch', 'reading id', 6),
  currentVersions: topic('readings.current-versions', 'CurrentVersion', 'reading id', 6, true),
  rejected: topic('readings.rejected', 'RejectedRecord', 'reading id, or none', 3),
} as const;

/**
 * A topic that carries readings.raw's records under another name: where `thermo replay` republishes
 * the archive. Its default, `readings.replay`, is never read by the pipeline itself.
 */
export const replayTopic = (name = 'readings.replay'): Topic<'RawReading'> => topic(name, 'RawReading', topics.raw.key, topics.raw.partitions);

/** The topic's name in a pipeline namespace: a second copy of the pipeline uses `<namespace>.<topic>`. */
export function topicName(definition: Topic, namespace: string): string {
  return namespace === '' ? definition.name : `${namespace}.${definition.name}`;
}
