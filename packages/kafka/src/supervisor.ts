import type { ConsumerStatus } from './consumer-options.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import { brokersUnreachable } from './context.ts';
import { createRecoveryClock, describeFailure } from './recovery.ts';
import type { Topic } from './topics.ts';

export interface Supervised {
  readonly status: ConsumerStatus;
  stopping(): boolean;
  pause(ms: number): Promise<void>;
  /** One life of a client: resolves once stopping, throws when the client failed; calls `onJoined` at each join. */
  session(onJoined: () => void): Promise<void>;
  /** Called when a client first joined, failed or was given up: runConsumer waits for it to return. */
  settled(): void;
}

/**
 * Starts a client again, with capped exponential backoff, each time one fails, until stopped or until
 * clients have kept failing for the recovery time: then `onUnrecoverable` is told and nothing more is tried.
 */
export async function superviseSessions<T extends Topic>(scope: ConsumerScope<T>, supervised: Supervised): Promise<void> {
  const { context, options, logger, labels } = scope;
  const { status } = supervised;
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 300_000;
  const recovery = createRecoveryClock(recoveryTimeoutMs);
  while (!supervised.stopping()) {
    try {
      await supervised.session(() => {
        context.onReachability?.(true);
        recovery.joined();
        supervised.settled();
      });
    } catch (error) {
      if (supervised.stopping()) break;
      if (brokersUnreachable(error)) context.onReachability?.(false);
      const next = recovery.failed(Date.now());
      if (next.giveUp) {
        logger.fatal({ failingForMs: next.failingForMs, restarts: status.restarts }, `consumer could not recover within ${recoveryTimeoutMs} ms: ${describeFailure(error)}`);
        supervised.settled();
        options.onUnrecoverable?.(error);
        return;
      }
      status.restarts += 1;
      options.metrics.increment('thermostream_consumer_restarts_total', labels);
      logger.warn({ reason: describeFailure(error), restartInMs: next.restartInMs, restarts: status.restarts }, 'consumer failed; restarting it');
      supervised.settled();
      await supervised.pause(next.restartInMs);
    }
  }
}
