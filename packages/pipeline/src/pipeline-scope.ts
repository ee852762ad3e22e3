import path from 'node:path';
import { mirrorService, serviceNames, type ServiceName } from '@thermostream/config';

/**
 * What one `pnpm start` runs. The product's own pipeline (namespace '') runs the six services and owns
 * the stack. A second model (any other namespace) runs only the processing chain, fed by
 * `thermo replay` into `<namespace>.readings.raw`, beside the first and on the same stack, which it
 * leaves running when it stops.
 */
export interface PipelineScope {
  namespace: string;
  services: readonly ServiceName[];
  /** Added to every service's default port, so the second model's ports do not collide with the first's. */
  portOffset: number;
  ownsStack: boolean;
  logDir: string;
  archiveDir: string;
  /** Where its lake-writer writes: a second model's lake is its own. */
  lakeDir: string;
  pidFile: string;
  scaleFile: string;
  /** The supervisor's instances, pids and restart counts, for `stack status`. */
  stateFile: string;
}

export const processingChain: readonly ServiceName[] = ['filter', 'region-partitioner', 'scd-writer', 'aggregator', 'lake-writer'];

/** The offset a second model's ports get unless told otherwise. */
export const secondModelPortOffset = 1000;

/** A namespace is a topic prefix and a PostgreSQL schema name: lower case, digits and underscores. */
const namespacePattern = /^[a-z][a-z0-9_]{0,39}$/;

/** Where the product's own pipeline keeps its files; a second model's are derived from them, named after its namespace. */
export interface PipelineDirs {
  /** THERMO_HOME: the run files (pid, scale, supervisor state) go under its `run` folder. */
  dataDir: string;
  logDir: string;
  archiveDir: string;
  lakeDir: string;
}

export function pipelineScope(dirs: PipelineDirs & { versionsMirror?: boolean }, namespace: string, portOffset?: number): PipelineScope {
  const runDir = path.join(dirs.dataDir, 'run');
  const mirror: ServiceName[] = dirs.versionsMirror ? [mirrorService] : [];
  if (namespace === '') {
    return {
      namespace,
      services: [...serviceNames, ...mirror],
      portOffset: portOffset ?? 0,
      ownsStack: true,
      logDir: dirs.logDir,
      archiveDir: dirs.archiveDir,
      lakeDir: dirs.lakeDir,
      pidFile: path.join(runDir, 'pipeline.pid'),
      scaleFile: path.join(runDir, 'scale.json'),
      stateFile: path.join(runDir, 'supervisor.json'),
    };
  }
  if (!namespacePattern.test(namespace) || namespace === 'public') {
    throw new Error(`namespace ${JSON.stringify(namespace)} must be 1 to 40 lower-case letters, digits or underscores, start with a letter, and not be "public"`);
  }
  return {
    namespace,
    services: [...processingChain, ...mirror],
    portOffset: portOffset ?? secondModelPortOffset,
    ownsStack: false,
    logDir: path.join(dirs.logDir, namespace),
    archiveDir: path.join(dirs.dataDir, `archive-${namespace}`),
    lakeDir: path.join(dirs.dataDir, `lake-${namespace}`),
    pidFile: path.join(runDir, `pipeline-${namespace}.pid`),
    scaleFile: path.join(runDir, `scale-${namespace}.json`),
    stateFile: path.join(runDir, `supervisor-${namespace}.json`),
  };
}
