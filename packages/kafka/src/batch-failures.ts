import { hasKafkaError, isKafkaClientError } from './context.ts';
import { restartDelay } from './recovery.ts';

/**
 * Batches in a row that the Kafka client failed before the client is replaced. After a broker came
 * back, a client whose rejoin failed in the middle of a commit went on committing on a closed
 * connection, batch after batch, its group long emptied; a new client connects and joins afresh.
 */
export const clientFailuresBeforeRestart = 3;

/** After a failed batch: deliver it again after a pause, or give the client up and start a new one. */
export type BatchFailureVerdict = { restart: true } | { restart: false; retryInMs: number };

const coordinatorErrors = ['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS'];

function coordinatorMoved(error: unknown): boolean {
  return coordinatorErrors.some((apiId) => hasKafkaError(error, apiId));
}

/** Counts one client's failed batches since its last committed one. */
export function createBatchFailurePolicy(random: () => number = Math.random) {
  let failures = 0;
  let clientFailures = 0;
  return {
    succeeded(): void {
      failures = 0;
      clientFailures = 0;
    },
    failed(error: unknown): BatchFailureVerdict {
      // The membership keeps the coordinator found at the join; once it moved (its broker restarted),
      // every transactional offset commit is refused until the group is joined again.
      if (coordinatorMoved(error)) return { restart: true };
      clientFailures = isKafkaClientError(error) ? clientFailures + 1 : 0;
      if (clientFailures >= clientFailuresBeforeRestart) return { restart: true };
      return { restart: false, retryInMs: restartDelay(failures++, { initialMs: 200, maxMs: 10_000 }, random) };
    },
  };
}
