import type { ConfigOf, ServiceName, SettingsSpec } from '@thermostream/config';
import {
  consumerHealth,
  runConsumer,
  type BatchHandler,
  type ConsumerHandle,
  type ConsumerStatus,
  type DeliveryMode,
  type Topic,
  type TopicValue,
  type TransactionOutcome,
} from '@thermostream/kafka';
import { runService } from '@thermostream/lifecycle';
import { startOpsServer } from '@thermostream/observability';
import { consumerServiceSettings, createServiceRuntime, type ServiceConfig, type ServiceRuntime } from './runtime.ts';

export interface ConsumerServiceSpec<S extends SettingsSpec, T extends Topic> {
  service: ServiceName;
  settings: S;
  input: T;
  mode: DeliveryMode;
  /** at-least-once: handle a fetch's partitions at once (a database sink whose partitions share nothing). */
  partitionsInParallel?: boolean;
  /** Builds the batch handler from the runtime (open databases, load boundaries…). */
  setup(
    runtime: ServiceRuntime<ConfigOf<S> & ServiceConfig & ConsumerConfig>,
  ): Promise<BatchHandler<TopicValue<T>> | StatefulConsumer<TopicValue<T>> | TransactionalStateConsumer<TopicValue<T>>>;
}

/** A handler that keeps records across batches and so decides itself how far its partitions are committed. */
export interface StatefulConsumer<V> {
  handle: BatchHandler<V>;
  committableOffset(partition: number): number | undefined;
  onAssignment(partitions: number[]): void;
  /** Receives the running consumer, e.g. to commit from a timer. */
  started(consumer: ConsumerHandle): void;
}

/**
 * A transactional handler that keeps state beside Kafka (a local store backed by a changelog): it
 * catches the state up when given partitions, and follows each transaction's outcome.
 */
export interface TransactionalStateConsumer<V> {
  handle: BatchHandler<V>;
  onAssignment(partitions: number[]): Promise<void>;
  transactionOutcome: TransactionOutcome;
}

type ConsumerConfig = ConfigOf<ReturnType<typeof consumerServiceSettings>>;

/** A service that consumes one topic in its own consumer group: the whole of its main.ts. */
export function runConsumerService<S extends SettingsSpec, T extends Topic>(spec: ConsumerServiceSpec<S, T>): void {
  runService(spec.service, async () => {
    const runtime = (await createServiceRuntime(spec.service, { ...consumerServiceSettings(spec.service), ...spec.settings })) as ServiceRuntime<
      ConfigOf<S> & ServiceConfig & ConsumerConfig
    >;
    const started: { consumer?: ConsumerHandle } = {};
    // Listening from the start, beside the setup and the group join: /readyz answers 503 until the
    // consumer runs (then at once, no server left to start), and /healthz turns 503 if joining takes
    // longer than a stall, as it would for a consumer out of its group.
    const [ops, built] = await Promise.all([
      startOpsServer({
        host: runtime.config.metricsHost,
        port: runtime.config.metricsPort,
        metrics: runtime.metrics,
        isReady: () => started.consumer?.isReady() ?? false,
        health: () => consumerHealth(started.consumer?.status() ?? notJoinedSince(performance.timeOrigin), Date.now(), runtime.config.healthStallTimeoutMs),
        logger: runtime.logger,
      }),
      spec.setup(runtime),
    ]);
    runtime.shutdown.onShutdown('ops server', ops.close);
    const handle = typeof built === 'function' ? built : built.handle;
    const stateful = typeof built === 'function' || 'transactionOutcome' in built ? undefined : built;
    const transactionalState = typeof built !== 'function' && 'transactionOutcome' in built ? built : undefined;
    const consumer = await runConsumer(runtime.kafka, {
      groupId: spec.service,
      topic: spec.input,
      mode: spec.mode,
      partitionsInParallel: spec.partitionsInParallel ?? false,
      handle,
      ...(stateful ? { committableOffset: stateful.committableOffset, onAssignment: stateful.onAssignment } : {}),
      ...(transactionalState ? { onAssignment: transactionalState.onAssignment, transactionOutcome: transactionalState.transactionOutcome } : {}),
      serviceName: spec.service,
      metrics: runtime.metrics,
      compression: runtime.config.kafkaCompression,
      sessionTimeoutMs: runtime.config.kafkaSessionTimeoutMs,
      groupInstanceId: runtime.config.kafkaGroupInstanceId,
      recoveryTimeoutMs: runtime.config.consumerRecoveryTimeoutMs,
      maxBytesPerPartition: runtime.config.kafkaFetchMaxBytesPerPartition,
      maxRecordBytesPerFetch: runtime.config.kafkaFetchMaxRecordBytes,
      fetchMinBytes: runtime.config.kafkaFetchMinBytes,
      fetchMaxWaitMs: runtime.config.kafkaFetchMaxWaitMs,
      // The consumer already said why in its log line; the drain closes the rest.
      onUnrecoverable: () => void runtime.shutdown.shutdown('consumer could not recover', 1),
    });
    started.consumer = consumer;
    stateful?.started(consumer);
    runtime.shutdown.onShutdown('consumer', () => consumer.stop());
  });
}

/** A consumer not created yet is, for health, one that has not been in its group since the process started. */
function notJoinedSince(launchedAt: number): ConsumerStatus {
  return { running: false, notRunningSince: launchedAt, restarts: 0, lastProgressAt: launchedAt, lag: undefined };
}
