import type { ReadingVersion } from '@thermostream/avro';

/** The folder of readings in no region (abroad, at sea). */
export const noRegion = 'none';

/** Hive-style folder of a version: the UTC date of its hour, and its region (`none` abroad). */
export function lakeFolder(version: Pick<ReadingVersion, 'hour' | 'region_code'>): string {
  return `date=${utcDate(version.hour)}/region=${version.region_code ?? noRegion}`;
}

const millisecondsPerDay = 86_400_000;
/** YYYY-MM-DD of each day met, by day number: a cut's versions span a few days, and formatting a Date took a tenth of the lake-writer's CPU. */
const datesByDay = new Map<number, string>();

function utcDate(instant: number): string {
  const day = Math.floor(instant / millisecondsPerDay);
  let date = datesByDay.get(day);
  if (date === undefined) {
    if (datesByDay.size >= 4096) datesByDay.clear();
    datesByDay.set(day, (date = new Date(day * millisecondsPerDay).toISOString().slice(0, 10)));
  }
  return date;
}

/**
 * The name every file of a cut shares: topic, partition and first offset (zero-padded so names
 * sort in offset order), as the archive's; the cut's versions of one folder are one file.
 */
export function lakeCutName(topic: string, partition: number, firstOffset: number): string {
  return `${topic}+${partition}+${String(firstOffset).padStart(19, '0')}`;
}

export const lakeFilePath = (folder: string, cutName: string) => `${folder}/${cutName}.parquet`;

export interface LakeFileName {
  /** YYYY-MM-DD */
  date: string;
  /** A region code, or `none`. */
  region: string;
  topic: string;
  partition: number;
  firstOffset: number;
}

const filePattern = /^date=(\d{4}-\d{2}-\d{2})\/region=([^/]+)\/([^/]+)\+(\d+)\+(\d{19})\.parquet$/;

/** Reads back what `lakeFilePath` put in a path; undefined for anything else (temporary files included). */
export function parseLakeFilePath(relativePath: string): LakeFileName | undefined {
  const match = filePattern.exec(relativePath.split('\\').join('/'));
  if (!match) return undefined;
  const [, date, region, topic, partition, firstOffset] = match;
  return { date: date!, region: region!, topic: topic!, partition: Number(partition), firstOffset: Number(firstOffset) };
}

export const isLakeFile = (relativePath: string) => parseLakeFilePath(relativePath) !== undefined;
