import type { CurrentVersion as ChangelogVersion } from '@thermostream/avro';
import { ChangelogGoneError, type ChangelogRecord, type CommittedReader } from '@thermostream/kafka';
import type { Logger, Metrics } from '@thermostream/observability';
import type { LocalStore } from './local-store.ts';
import type { CurrentVersion } from './plan-versions.ts';
import { currentVersionOf } from './version-outputs.ts';

/** Brings the local stores of the given partitions up to the end of their changelog, one after the other. */
export type ChangelogCatchUp = (partitions: readonly number[]) => Promise<void>;

/**
 * On assignment, each partition's store reads the changelog from the position it reached: nothing when
 * this instance owned the partition all along, the other owner's versions when it moved, everything
 * when the store is new or was deleted. A store that is ahead of the changelog (the topic was created
 * again) is cleared and rebuilt.
 */
export function createChangelogCatchUp(options: {
  store: LocalStore;
  /** A reader of the changelog topic, one for each assignment's partitions. */
  openReader: () => CommittedReader<ChangelogVersion>;
  metrics: Metrics;
  logger: Logger;
}): ChangelogCatchUp {
  const { store, metrics, logger } = options;
  const applyAll = async (partition: number, records: ChangelogRecord<ChangelogVersion>[], nextPosition: number) => {
    const versions = new Map<string, CurrentVersion | undefined>();
    for (const record of records) versions.set(record.key, record.value === null ? undefined : currentVersionOf(record.key, record.value));
    await store.apply(partition, versions, nextPosition);
    return versions.size;
  };
  const catchUpFrom = async (reader: CommittedReader<ChangelogVersion>, partition: number, from: number | undefined) => {
    let restored = 0;
    const started = performance.now();
    const position = await reader.readToEnd(partition, from, async (records, nextPosition) => {
      restored += await applyAll(partition, records, nextPosition);
    });
    const seconds = (performance.now() - started) / 1000;
    metrics.increment('thermostream_state_restored_records_total', {}, restored);
    if (restored > 0 || from === undefined) {
      logger.info(
        { partition, from: from ?? 'beginning', to: position, restored, seconds: Number(seconds.toFixed(3)), idsPerSecond: seconds > 0 ? Math.round(restored / seconds) : restored },
        from === undefined ? 'local store rebuilt from the changelog' : 'local store caught up with the changelog',
      );
    }
  };
  const catchUp = async (reader: CommittedReader<ChangelogVersion>, partition: number) => {
    try {
      await catchUpFrom(reader, partition, store.changelogPosition(partition));
    } catch (error) {
      if (!(error instanceof ChangelogGoneError)) throw error;
      logger.warn({ partition, reason: error.message }, 'the local store is ahead of its changelog; rebuilding it');
      await store.clear(partition);
      await catchUpFrom(reader, partition, undefined);
    }
  };
  return async (partitions) => {
    if (partitions.length === 0) return;
    const reader = options.openReader();
    try {
      for (const partition of partitions) await catchUp(reader, partition);
    } finally {
      await reader.close();
    }
  };
}
