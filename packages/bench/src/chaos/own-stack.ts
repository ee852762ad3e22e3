import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, freePorts, kafkaClusterNodes, stackDown, stackEndpoints, stackLayout, stackUp, type StackEndpoints, type StackOptions, type StackPorts } from '@thermostream/stack';

/** A stack beside the usual one: its own data directory in the system's temporary folder, its own free ports. */
export interface OwnStack {
  options: StackOptions;
  endpoints: StackEndpoints;
  /** What `thermo stack up` does on this stack: starts again whatever of it is not running. */
  heal(): Promise<void>;
  /** Stops every component and removes the data directory, unless its logs are to be kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts a stack of its own for something that kills its components, so the stack other work runs
 * on is never disturbed. What `seedDataDir` (the usual stack's data directory) already downloaded
 * is reused: the broker's classpath is copied and the registry's unpacked server linked, so no
 * Maven run is needed.
 */
export async function startOwnStack(options: { brokers: number; seedDataDir: string; log?: (line: string) => void }): Promise<OwnStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'thermostream-own-stack-'));
  // PostgreSQL runs as an unprivileged user when we are root: it must be able to enter its data directory's parent.
  chmodSync(dataDir, 0o755);
  const layout = stackLayout(dataDir);
  const seed = stackLayout(options.seedDataDir);
  mkdirSync(layout.downloadsDir, { recursive: true });
  for (const file of ['kafka.classpath', 'kafka.classpath.pom-hash']) {
    const source = path.join(seed.downloadsDir, file);
    if (existsSync(source)) copyFileSync(source, path.join(layout.downloadsDir, file));
  }
  if (existsSync(seed.registryHome)) symlinkSync(seed.registryHome, layout.registryHome);
  const stackOptions: StackOptions = { dataDir, ports: await freeStackPorts(options.brokers), brokers: options.brokers, log: options.log ?? (() => undefined) };
  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    await stackDown(stackOptions).catch(() => undefined);
    if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await stackUp(stackOptions);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    options: stackOptions,
    endpoints: stackEndpoints(stackOptions),
    heal: async () => void (await stackUp(stackOptions)),
    stop,
  };
}

/** Free ports for a stack of `brokers` brokers: 2 consecutive ones per broker (broker and controller), the registry's, PostgreSQL's. */
async function freeStackPorts(brokers: number): Promise<StackPorts> {
  for (;;) {
    const first = await freePorts(2 * brokers);
    const kafkaPorts = kafkaClusterNodes(first, brokers).flatMap((node) => [node.ports.broker, node.ports.controller]);
    const registry = await freePort();
    const postgres = await freePort();
    if (kafkaPorts.includes(registry) || kafkaPorts.includes(postgres) || registry === postgres) continue;
    return { kafka: first, registry, postgres };
  }
}
