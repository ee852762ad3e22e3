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
  await attempt(`topics of ${namespace}`, () => options.tools.deleteNamespaceTopics([namespace]), progress);
  await attempt(`schema subjects of ${namespace}`, () => deleteNamespaceSubjects(options.registryUrl, [namespace]), progress);
  if (database !== undefined) await attempt(`PostgreSQL schema ${namespace}`, () => dropSchema(database, namespace), progress);
}

/**
 * Deletes what the given namespaces hold on a stack: their topics (one run of Kafka's tool for all of
 * them), their value subjects in the registry and their PostgreSQL schemas. Unlike a benchmark's
 * clean-up, a failure throws: it is what the operator asked for.
 */
export async function dropNamespaces(options: { namespaces: readonly string[]; tools: KafkaTools; registryUrl: string; database: Queryable }): Promise<void> {
  await options.tools.deleteNamespaceTopics(options.namespaces);
  await deleteNamespaceSubjects(options.registryUrl, options.namespaces);
  for (const namespace of options.namespaces) await dropSchema(options.database, namespace);
}

async function dropSchema(database: Queryable, namespace: string): Promise<void> {
  await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`);
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
