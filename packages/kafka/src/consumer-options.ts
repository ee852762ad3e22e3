import type { Metrics } from '@thermostream/observability';
import type { ProducedOffsets } from './produced-offsets.ts';
import type { Compression } from './producer.ts';
import type { BatchHandler } from './records.ts';
import type { Topic, TopicValue } from './topics.ts';

export type DeliveryMode = 'transactional' | 'at-least-once';

export interface ConsumerOptions<T extends Topic> {
  /** Logical group id, e.g. 'filter'; namespaced like the topics. */
  groupId: string;
  topic: T;
  /**
   * transactional: outputs and the consumed offsets commit in one Kafka transaction (Kafka-to-Kafka hops).
   * at-least-once: the handler's own effects, then the outputs are acknowledged, then the offset is committed.
   */
  mode: DeliveryMode;
  handle: BatchHandler<TopicValue<T>>;
  /** Stamped on rejected records. */
  serviceName: string;
  metrics: Metrics;
  compression?: Compression;
  /** Upper bound on bytes fetched per partition. */
  maxBytesPerPartition?: number;
  /** About how many uncompressed key and value bytes one fetch brings, its partitions together: what a batch holds in memory follows them. */
  maxRecordBytesPerFetch?: number;
  /** When the broker answers a fetch: once this many bytes are there (never more than the fetch asks), or after `fetchMaxWaitMs`. */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /** How long the group waits for a silent member (a killed instance) before rebalancing its partitions. */
  sessionTimeoutMs?: number;
  /**
   * Static membership: the member's stable name in its group. A process restarted under the same name
   * is given its partitions back at once; without one, they wait for the killed member's session to end.
   * A transactional member's producer takes the name too, so that the replacement aborts the
   * transaction the killed one left open (see `transactionalIdOf`).
   */
  groupInstanceId?: string;
  /**
   * at-least-once only: how far a partition may be committed after a batch, when not to the batch's
   * end (a handler that keeps records in memory across batches); undefined commits nothing.
   */
  committableOffset?: (partition: number) => number | undefined;
  /**
   * at-least-once only: the partitions of a fetch are handled at once rather than one after the other,
   * for a handler whose partitions share nothing but a connection pool (a database sink), so the
   * database works on several while this process prepares the next.
   */
  partitionsInParallel?: boolean;
  /**
   * Called with the partitions this member owns after each rebalance, before anything is fetched: a
   * handler with local state catches it up here, and nothing is handled until it resolves.
   */
  onAssignment?: (partitions: number[]) => void | Promise<void>;
  /**
   * transactional only: told how each transaction ended, for a handler that keeps state beside Kafka.
   * `committed` receives the offsets of what the transaction wrote; when it fails, the consumer leaves
   * its group and joins again, so that `onAssignment` brings the state up to date before the next batch.
   */
  transactionOutcome?: TransactionOutcome;
  /**
   * How long the consumer may keep failing (its client giving up, restarts failing in turn) before
   * `onUnrecoverable` is called and it stops trying.
   */
  recoveryTimeoutMs?: number;
  onUnrecoverable?: (error: unknown) => void;
}

export interface TransactionOutcome {
  committed(produced: ProducedOffsets): Promise<void>;
  aborted(): void;
}

export interface ConsumerStatus {
  /** A live member of its group, fetching. */
  running: boolean;
  /** Since when it is not (undefined while running). */
  notRunningSince: number | undefined;
  /** Restarts inside the process after the client gave up. */
  restarts: number;
  /** Last time a batch was committed or every owned partition was found caught up (epoch ms). */
  lastProgressAt: number;
  /** Records of the owned partitions not handled yet, after the last fetch; undefined before one. */
  lag: number | undefined;
}

export interface ConsumerHandle {
  /** True while the consumer is a member of its group and fetching. */
  isReady(): boolean;
  status(): ConsumerStatus;
  /** Commits a partition's offset outside a batch (a handler's own timer); at-least-once mode. */
  commit(partition: number, offset: number): Promise<void>;
  /** Finishes the batch in hand, leaves the group, closes the producers. */
  stop(): Promise<void>;
}
