import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localDirectoryStorage } from '@thermostream/archive';
import type { ReadingVersion } from '@thermostream/avro';
import { createLakeFileEncoder, isLakeFile, lakeRows } from '@thermostream/lake';
import { compareAggregates, recountAggregates } from './aggregate-comparison.ts';
import { lakeAggregates, recountLake, waitUntilCaughtUp } from './verify-lake.ts';

const regions = ['FR-IDF', 'FR-ARA', 'FR-BRE', 'FR-PAC'];
const hourOf = (index: number) => Date.UTC(2026, 10, 24, 22 + (index % 4));

/**
 * Versions as the scd-writer writes them, by the class of a reading's index: 0 abroad; 1 corrected;
 * 2 a late older version after the current one; 3 corrected out of France; 4 corrected into another
 * region; temperatures of one to seven decimals, so that doubles would not sum exactly.
 */
function versionsOf(index: number): ReadingVersion[] {
  const base: ReadingVersion = {
    reading_id: `r-${index}`,
    version: 1,
    region_code: index % 10 === 0 ? null : regions[index % regions.length]!,
    hour: hourOf(index),
    event_time: hourOf(index) + 60_000,
    temperature: Math.round(Math.sin(index) * 4e5) / 10 ** (1 + (index % 7)),
    lat: 45,
    lon: 2,
    valid_from: Date.UTC(2026, 10, 25) + index,
    late: false,
    raw_partition: 0,
    raw_offset: index,
  };
  const later = (changes: Partial<ReadingVersion>): ReadingVersion => ({ ...base, version: 2, valid_from: base.valid_from + 3_600_000, ...changes });
  switch (index % 10) {
    case 1:
      return [base, later({ temperature: base.temperature + 0.1 })];
    case 2:
      return [{ ...base, version: 3 }, later({ late: true, temperature: -40 })];
    case 3:
      return [base, later({ region_code: null })];
    case 4:
      return [base, later({ region_code: regions[(index + 1) % regions.length]! })];
    default:
      return [base];
  }
}

/** The current version of each reading, as the changelog has it: the last one that is not late. */
const currentOf = (history: ReadingVersion[]) => history.filter((version) => !version.late).at(-1)!;

describe('the lake recount', () => {
  const histories = Array.from({ length: 400 }, (_, index) => versionsOf(index));
  const fromChangelog = recountAggregates(histories.map(currentOf).map((version) => ({ regionCode: version.region_code, hour: version.hour, temperature: version.temperature })));
  let lakeDir: string;

  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'thermostream-verify-lake-'));
    const storage = localDirectoryStorage(lakeDir, isLakeFile);
    const encoder = await createLakeFileEncoder();
    try {
      // First versions in one cut, the later ones in the next, as a partition of readings.versions would.
      const cuts = [histories.map((history) => history[0]!), histories.flatMap((history) => history.slice(1))];
      for (const [index, versions] of cuts.entries()) {
        for (const file of await encoder.encode(`readings.versions+0+${String(index * 1000).padStart(19, '0')}`, [lakeRows(versions)])) await storage.write(file.path, file.bytes);
      }
    } finally {
      await encoder.close();
    }
  });

  afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

  it("gives, from the Parquet files' doubles, exactly the changelog's count and decimal sum of every region-hour", async () => {
    const { aggregates, files } = await lakeAggregates(lakeDir);
    expect(files).toBeGreaterThan(1);
    expect(compareAggregates(aggregates, fromChangelog)).toEqual({ regionHoursCompared: fromChangelog.length, currentReadings: 400 - 40 - 40, differences: [] });
  });

  it('reports the region-hours of a file removed from the lake as differences from the table', async () => {
    const storage = localDirectoryStorage(lakeDir, isLakeFile);
    const [removed] = (await storage.list()).filter((file) => file.includes('region=FR-IDF'));
    const copy = mkdtempSync(path.join(tmpdir(), 'thermostream-verify-lake-copy-'));
    try {
      for (const file of await storage.list()) if (file !== removed) await localDirectoryStorage(copy, isLakeFile).write(file, await storage.read(file));
      const recount = await recountLake({ dir: copy, behind: 0, waitedMs: 0 }, fromChangelog);
      expect(recount.status).toBe('compared');
      if (recount.status !== 'compared') return;
      expect(recount.differences.length).toBeGreaterThan(0);
      expect(recount.differences.every((difference) => difference.regionCode === 'FR-IDF' && (difference.expectedPoints ?? 0) < difference.actualPoints!)).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('does not recount a lake still behind, nor one skipped', async () => {
    expect(await recountLake({ dir: lakeDir, behind: 12, waitedMs: 60_040 }, fromChangelog)).toEqual({ status: 'behind', lakeDir, behindVersions: 12, waitedSeconds: 60 });
    expect(await recountLake({ skip: '--no-lake' }, fromChangelog)).toEqual({ status: 'skipped', reason: '--no-lake' });
  });
});

describe('waiting for the lake-writer', () => {
  const clock = () => {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  };

  it('asks until nothing is behind, a poll apart, and says what it waits for', async () => {
    const answers = [5, 5, 2, 0];
    const lines: string[] = [];
    const time = clock();
    const result = await waitUntilCaughtUp(async () => answers.shift()!, { waitMs: 60_000, pollMs: 1_000, progress: (line) => lines.push(line), ...time });
    expect(result).toEqual({ behind: 0, waitedMs: 3_000 });
    expect(lines).toEqual([expect.stringMatching(/^lake: 5 version\(s\) of readings\.versions not yet in complete lake files; waiting up to 60 s more/)]);
  });

  it('gives up after the wait with the last count, having looked at the deadline', async () => {
    const time = clock();
    let asked = 0;
    const result = await waitUntilCaughtUp(async () => (asked++, 7), { waitMs: 2_500, pollMs: 1_000, ...time });
    expect(result).toEqual({ behind: 7, waitedMs: 2_500 });
    expect(asked).toBe(4);
  });

  it('looks once when told not to wait', async () => {
    const result = await waitUntilCaughtUp(async () => 3, { waitMs: 0, ...clock() });
    expect(result).toEqual({ behind: 3, waitedMs: 0 });
  });
});
