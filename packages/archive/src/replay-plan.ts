import type { ArchivedReading } from '@thermostream/avro';
import { parseArchiveFilePath, technicalTime, type ArchiveFileName } from './layout.ts';

const hourMillis = 3_600_000;

/** A half-open range of technical (ingest) time, epoch milliseconds: from ≤ t < to. */
export interface TechnicalRange {
  from: number;
  to: number;
}

/** The files of one source partition that a replay reads, in offset order: the order to republish them in. */
export interface PartitionReplay {
  topic: string;
  partition: number;
  files: string[];
}

/**
 * Which archive files can hold records of the range, grouped by source topic and partition. A file
 * holds records of one technical hour (the rotation cuts at the hour), so its directory decides.
 */
export function planReplay(paths: readonly string[], range: TechnicalRange): PartitionReplay[] {
  const groups = new Map<string, { topic: string; partition: number; files: (ArchiveFileName & { path: string })[] }>();
  for (const path of paths) {
    const name = parseArchiveFilePath(path);
    if (!name || name.hour + hourMillis <= range.from || name.hour >= range.to) continue;
    const key = `${name.topic}\u0000${name.partition}`;
    let group = groups.get(key);
    if (!group) {
      group = { topic: name.topic, partition: name.partition, files: [] };
      groups.set(key, group);
    }
    group.files.push({ ...name, path });
  }
  return [...groups.values()]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map((group) => ({ topic: group.topic, partition: group.partition, files: group.files.sort((a, b) => a.firstOffset - b.firstOffset).map((file) => file.path) }));
}

export const inTechnicalRange = (record: ArchivedReading, range: TechnicalRange) => {
  const time = technicalTime(record);
  return time >= range.from && time < range.to;
};
