import type { ConsumerStatus } from './consumer-options.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { FetchedBatch } from './fetch-owned.ts';
import type { Topic } from './topics.ts';

export type StatusTracker = ReturnType<typeof createStatusTracker>;

const recordsBehind = (fetched: FetchedBatch, position: bigint) => Math.max(0, Number(fetched.lastStableOffset - position));

/** What a consumer tells of itself: the status its health check reads, and its gauges. */
export function createStatusTracker<T extends Topic>(scope: ConsumerScope<T>) {
  const { options, logger, labels } = scope;
  const status: ConsumerStatus = { running: false, notRunningSince: Date.now(), restarts: 0, lastProgressAt: Date.now(), lag: undefined };
  options.metrics.set('thermostream_consumer_running', 0, labels);
  const gauges = setInterval(() => options.metrics.set('thermostream_seconds_since_progress', (Date.now() - status.lastProgressAt) / 1000, labels), 1_000);
  gauges.unref();
  const partitionLag = (partition: number, records: number) => options.metrics.set('thermostream_consumer_lag_records', records, { ...labels, partition: String(partition) });

  return {
    status,

    setRunning(running: boolean): void {
      if (running === status.running) return;
      status.running = running;
      status.notRunningSince = running ? undefined : Date.now();
      options.metrics.set('thermostream_consumer_running', running ? 1 : 0, labels);
    },

    /** Owning no partition, a member has nothing to catch up. */
    idle(): void {
      status.lag = 0;
      status.lastProgressAt = Date.now();
    },

    committed(fetched: readonly FetchedBatch[]): void {
      let lag = 0;
      for (const partition of fetched) {
        const behind = recordsBehind(partition, partition.nextOffset);
        lag += behind;
        partitionLag(partition.partition, behind);
      }
      status.lag = lag;
      if (fetched.some((partition) => partition.records.length > 0) || lag === 0) status.lastProgressAt = Date.now();
    },

    failed(error: unknown, fetched: readonly FetchedBatch[], positions: ReadonlyMap<number, bigint>): void {
      options.metrics.increment('thermostream_batches_failed_total', labels);
      const partitions = fetched.filter((partition) => partition.records.length > 0).map((partition) => partition.partition);
      logger.error({ err: error, partitions }, 'batch failed; it will be delivered again');
      // The batch's records still wait: a batch failing for long is a stall /healthz and the alerts must see.
      let lag = 0;
      for (const partition of fetched) {
        const waiting = recordsBehind(partition, positions.get(partition.partition) ?? partition.nextOffset);
        lag += waiting;
        partitionLag(partition.partition, waiting);
      }
      status.lag = lag;
    },

    stop(): void {
      clearInterval(gauges);
    },
  };
}
