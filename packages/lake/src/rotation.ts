import { createRotation } from '@thermostream/archive';
import type { LakeRows } from './lake-rows.ts';
import { lakeCutName } from './layout.ts';

/** A readings.versions record as the lake takes it: its offset, its Kafka timestamp and its versions' rows. */
export interface LakeRecord {
  offset: number;
  /** The Kafka record timestamp, epoch milliseconds: what the age of a cut is measured in. */
  timestamp: number;
  rows: LakeRows;
}

export interface LakeRotationLimits {
  /** Most versions in one cut of a partition (the cut writes one file per folder among them). */
  maxVersionsPerCut: number;
  /** A cut closes before the first record stamped this long after its first one. */
  maxCutAgeMs: number;
}

/**
 * The lake's cuts: each partition's records are cut where the version count or the age (in Kafka
 * timestamps, which a replay reads again unchanged) runs out, and a cut's versions are written as
 * one file per date and region. Cutting all folders of a partition at once keeps one first offset
 * per cut, so a restart from it cuts the same files; a cut is never split inside a record.
 */
export const createLakeRotation = (topic: string, limits: LakeRotationLimits) =>
  createRotation<LakeRecord>({
    name: (partition, first) => lakeCutName(topic, partition, first.offset),
    weight: (record) => record.rows.count,
    cutBefore: (open, next) => {
      if (open.weight + next.rows.count > limits.maxVersionsPerCut) return 'size';
      return next.timestamp - open.first.timestamp >= limits.maxCutAgeMs ? 'age' : undefined;
    },
  });

export type LakeRotation = ReturnType<typeof createLakeRotation>;
