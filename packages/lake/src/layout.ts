import type { ReadingVersion } from '@thermostream/avro';

/** The folder of readings in no region (abroad, at sea). */
export const noRegion = 'none';

/** Hive-style folder of a version: the UTC date of its hour, and its region (`none` abroad). */
export function lakeFolder(version: Pick<ReadingVersion, 'hour' | 'region_code'>): string {
  return `date=${new Date(version.hour).toISOString().slice(0, 10)}/region=${version.region_code ?? noRegion}`;
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
