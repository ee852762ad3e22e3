import { randomBytes } from 'node:crypto';
import type { RunningService } from '@thermostream/pipeline';
import { createDatabase, type Database } from '@thermostream/postgres';
import type { StackEndpoints } from '@thermostream/stack';
import { cleanUpNamespace } from './clean-up.ts';
import type { KafkaTools } from './kafka-tools.ts';

/**
 * A benchmark run's own namespace on the stack: a fresh name, a client of its PostgreSQL schema, the
 * services the run starts in it, and the one clean-up every way out of the run calls (its result,
 * an error, Ctrl-C).
 */
export interface BenchNamespace {
  name: string;
  database: Database;
  /** What the clean-up stops: the run sets it once its services started, and may replace one in it. */
  services: RunningService[];
  /**
   * Stops the services, calls `afterStop`, deletes the namespace's topics, subjects and schema
   * (unless kept) and closes the client; only the first call does, the others wait for it.
   */
  cleanUp(): Promise<void>;
}

export function openBenchNamespace(options: {
  endpoints: StackEndpoints;
  tools: KafkaTools;
  keep: boolean;
  progress: (line: string) => void;
  afterStop?: () => void;
}): BenchNamespace {
  const { endpoints, progress } = options;
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: name, applicationName: 'thermo-bench' });
  let cleaned: Promise<void> | undefined;
  const namespace: BenchNamespace = {
    name,
    database,
    services: [],
    cleanUp: () =>
      (cleaned ??= (async () => {
        await Promise.all(namespace.services.map((service) => service.stop()));
        options.afterStop?.();
        if (!options.keep) await cleanUpNamespace({ namespace: name, tools: options.tools, registryUrl: endpoints.schemaRegistryUrl, database, progress });
        await database.close();
      })()),
  };
  return namespace;
}
