import { existsSync } from 'node:fs';
import { committedOffsets, openCommittedReader, topics, type CommittedReader, type KafkaContext, type TopicValue } from '@thermostream/kafka';
import { compareAggregates, recountAggregates, type RecountComparison, type RegionHourAggregate } from './aggregate-comparison.ts';

/** The lake-writer's consumer group, as `committedOffsets` names it (namespaced by the context). */
const lakeWriterGroup = 'lake-writer';

/** What verify does with a pipeline's lake: recount it from a folder, waiting for it at most so long, or skip it for a stated reason. */
export type LakeVerifyOptions =
  | {
      /** The lake's root folder (`stack status --json`: lakePath; a second model's is `lake-<namespace>` in the data directory). */
      dir: string;
      /** How long to wait for the lake-writer to have committed every version; 0 looks once. */
      waitMs: number;
      /** Lines on what is being waited for (stderr under the CLI). */
      progress?: (line: string) => void;
      pollMs?: number;
    }
  | { skip: string };

/** The lake's recount, beside the changelog's: compared with the table, behind (not compared), or skipped. */
export type LakeRecount =
  | ({ status: 'compared'; lakeDir: string; files: number } & RecountComparison)
  | {
      status: 'behind';
      lakeDir: string;
      /** Versions of readings.versions past the lake-writer's committed offsets when verify gave up waiting: not known to be in complete files. */
      behindVersions: number;
      waitedSeconds: number;
    }
  | { status: 'skipped'; reason: string };

/**
 * Versions of readings.versions past the lake-writer's committed offsets. The lake-writer commits a
 * partition only up to the first record of its open cut, and only once the files before it are
 * durable and visible, so every version before its committed offset is in a complete lake file and
 * this count is what the lake may still lack. The records are read rather than the offsets
 * subtracted: readings.versions is written in transactions, whose commit markers take offsets no
 * consumer ever commits past.
 */
export async function versionsNotInLake(context: KafkaContext, reader: CommittedReader<TopicValue<typeof topics.versions>>): Promise<number> {
  const committed = await committedOffsets(context, lakeWriterGroup, topics.versions);
  let versions = 0;
  for (let partition = 0; partition < topics.versions.partitions; partition++) {
    // No committed offset: nothing of that partition is known to be in the lake, from its start.
    await reader.readToEnd(partition, committed.get(partition), async (records) => {
      for (const record of records) versions += record.value?.versions.length ?? 0;
    });
  }
  return versions;
}

/**
 * Asks `behind` until it answers 0 or `waitMs` has passed, `pollMs` apart; says what it waits for
 * when it starts waiting and every 10 s after. Returns the last answer and how long it waited.
 */
export async function waitUntilCaughtUp(
  behind: () => Promise<number>,
  options: { waitMs: number; pollMs?: number; progress?: (line: string) => void; now?: () => number; sleep?: (ms: number) => Promise<void> },
): Promise<{ behind: number; waitedMs: number }> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 1_000;
  const started = now();
  let reportedAt: number | undefined;
  for (;;) {
    const count = await behind();
    const waitedMs = now() - started;
    if (count === 0 || waitedMs >= options.waitMs) return { behind: count, waitedMs };
    if (reportedAt === undefined || waitedMs - reportedAt >= 10_000) {
      options.progress?.(
        `lake: ${count} version(s) of readings.versions not yet in complete lake files; waiting up to ${Math.ceil((options.waitMs - waitedMs) / 1000)} s more for the lake-writer ` +
          '(it writes a quiet partition after LAKE_IDLE_FLUSH_MS, 30 s by default)',
      );
      reportedAt = waitedMs;
    }
    await sleep(Math.min(pollMs, options.waitMs - waitedMs));
  }
}

/** Where the lake stands once verify has waited for it: to be recounted, behind, or skipped. */
export type LakeReadiness = { skip: string } | { dir: string; behind: number; waitedMs: number };

/**
 * Waits (boundedly) until the lake-writer has committed every version of readings.versions, so the
 * lake holds them all in complete files. A namespace with no lake folder whose lake-writer never
 * committed anything has no lake: skipped, with the reason. A folder missing while the lake-writer
 * has committed is a lake lost, recounted as empty.
 */
export async function waitForLakeWriter(context: KafkaContext, options: LakeVerifyOptions): Promise<LakeReadiness> {
  if ('skip' in options) return options;
  if (!existsSync(options.dir) && (await committedOffsets(context, lakeWriterGroup, topics.versions)).size === 0) {
    return { skip: `no lake folder at ${options.dir}, and no lake-writer has committed anything in this namespace` };
  }
  // One reader for every poll of the wait: each would otherwise connect a consumer of its own.
  const reader = openCommittedReader(context, topics.versions);
  try {
    const { behind, waitedMs } = await waitUntilCaughtUp(() => versionsNotInLake(context, reader), options);
    return { dir: options.dir, behind, waitedMs };
  } finally {
    await reader.close();
  }
}

/**
 * Count and exact sum per region and hour of the current versions in the lake (the readings_current
 * view, readings in a region), read from its complete files. DuckDB groups equal temperatures; the
 * doubles are summed here exactly as the changelog's are, each as the shortest decimal it prints as.
 */
export async function lakeAggregates(lakeDir: string): Promise<{ aggregates: RegionHourAggregate[]; files: number }> {
  // Loaded here: DuckDB is native and large, and most importers of this package never read a lake.
  const { openLake } = await import('@thermostream/lake');
  const lake = await openLake(lakeDir);
  try {
    const { rows } = await lake.query(
      `SELECT region_code, epoch_ms(hour) AS hour, temperature, count(*) AS count
       FROM readings_current WHERE region_code IS NOT NULL GROUP BY region_code, hour, temperature`,
    );
    const contributions = rows.map((row) => ({ regionCode: String(row.region_code), hour: Number(row.hour), temperature: Number(row.temperature), count: Number(row.count) }));
    return { aggregates: recountAggregates(contributions), files: lake.files.length };
  } finally {
    lake.close();
  }
}

/** The lake's recount against the table's rows, once verify has waited for it. */
export async function recountLake(readiness: LakeReadiness, table: readonly RegionHourAggregate[]): Promise<LakeRecount> {
  if ('skip' in readiness) return { status: 'skipped', reason: readiness.skip };
  if (readiness.behind > 0) return { status: 'behind', lakeDir: readiness.dir, behindVersions: readiness.behind, waitedSeconds: Math.round(readiness.waitedMs / 100) / 10 };
  const { aggregates, files } = await lakeAggregates(readiness.dir);
  return { status: 'compared', lakeDir: readiness.dir, files, ...compareAggregates(aggregates, table) };
}
