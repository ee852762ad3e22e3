/** PostgreSQL codes of a transaction that lost a race for a reading id: the one-current-row index, or a deadlock. */
const idConflictCodes = new Set(['23505', '40P01']);

/**
 * Runs a batch's transaction again when another partition's transaction (of this instance or
 * another) changed one of its ids first (see loadCurrentVersions): the next attempt plans against
 * the new state. Anything else, or a conflict that outlasts the attempts, is thrown to the consumer,
 * which retries the batch later.
 */
export async function retryIdConflicts<T>(work: () => Promise<T>, onConflict: (attempt: number) => void, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !idConflictCodes.has((error as { code?: unknown }).code as string)) throw error;
      onConflict(attempt);
    }
  }
}
