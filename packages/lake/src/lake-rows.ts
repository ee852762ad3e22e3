import type { ReadingVersion } from '@thermostream/avro';
import { lakeFolder } from './layout.ts';

/** Versions rendered for the lake: the CSV lines of each folder, in the versions' order. */
export interface LakeRows {
  count: number;
  byFolder: Map<string, { lines: string; rows: number }>;
}

/**
 * Renders versions as the lake files' CSV lines, by folder, as soon as they are taken: a cut holds
 * up to hundreds of thousands of versions a partition, and a few strings per record cost the
 * collector far less than that many decoded objects.
 */
export function lakeRows(versions: readonly ReadingVersion[]): LakeRows {
  const lines = new Map<string, string[]>();
  for (const version of versions) {
    const folder = lakeFolder(version);
    const inFolder = lines.get(folder);
    if (inFolder) inFolder.push(csvLine(version));
    else lines.set(folder, [csvLine(version)]);
  }
  const byFolder = new Map<string, { lines: string; rows: number }>();
  for (const [folder, inFolder] of lines) byFolder.set(folder, { lines: inFolder.join(''), rows: inFolder.length });
  return { count: versions.length, byFolder };
}

/** A version as a CSV line in the lake encoder's column order; an absent region is an empty field, read as null. */
function csvLine(v: ReadingVersion): string {
  return `${csvText(v.reading_id)},${v.version},${v.region_code === null ? '' : csvText(v.region_code)},${v.hour},${v.event_time},${v.temperature},${v.lat},${v.lon},${v.valid_from},${v.late},${v.raw_partition},${v.raw_offset}\n`;
}

/** A text field as CSV has it: quoted, its quotes doubled, whenever it holds a delimiter, quote or line break, or is empty (not null). */
function csvText(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
