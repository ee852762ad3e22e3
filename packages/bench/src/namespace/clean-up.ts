import { quoteIdentifier, type Queryable } from '@thermostream/postgres';
import type { KafkaTools } from './kafka-tools.ts';
import { deleteNamespaceSubjects } from './registry-subjects.ts';

/**
 * Deletes a benchmark namespace's topics and schema subjects, and its PostgreSQL schema when given
 * the database; a failure is reported, never allowed to hide the run's result or error.
 */
export async function cleanUpNamespace(options: {
  namespace: string;
  tools: KafkaTools;
  registryUrl: string;
  database?: Queryable;
  progress: (line: string) => void;
}): Promise<void> {
  const { namespace, database, progress } = options;
  await attempt(`topics of ${namespace}`, () => options.tools.deleteNamespaceTopics(namespace), progress);
  await attempt(`schema subjects of ${namespace}`, () => deleteNamespaceSubjects(options.registryUrl, namespace), progress);
  if (database !== undefined) {
    await attempt(`PostgreSQL schema ${namespace}`, async () => void (await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`)), progress);
  }
}

/** Runs a clean-up step; a failure is reported instead of thrown. */
export async function attempt(what: string, step: () => Promise<void>, progress: (line: string) => void): Promise<void> {
  try {
    await step();
  } catch (error) {
    progress(`could not delete the ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Cleans up once on Ctrl-C (or SIGTERM) and exits 130. The shell, pnpm and node may each pass the
 * signal on: the first one cleans up, the others wait for it.
 */
export function onInterrupt(cleanUp: () => Promise<void>): { dispose(): void } {
  let interrupting = false;
  const interrupted = () => {
    if (interrupting) return;
    interrupting = true;
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  return {
    dispose() {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    },
  };
}
