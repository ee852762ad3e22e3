import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { childEnvironment } from '@thermostream/config';
import { createDatabase } from '@thermostream/postgres';
import type { RegionHourRow } from './compare-tables.ts';
import { parseProgressFile, type ProgressSample } from './drain-progress.ts';
import { procUnits } from './process-stat.ts';
import { snapshotProcesses, treeCpuTicks, type StackServer } from './server-usage.ts';

/** What the anchor's run.sh prints last: `flink readings=… seconds=…` and `flink-details key=value…`. */
export interface FlinkResult {
  readings: number;
  /** From job submission until the table held every expected point. */
  seconds: number;
  readingsPerSecond: number;
  correct: string;
  /** Everything of the flink-details line, as printed (steady_readings_per_s, peak_rss_mb, submit_to_first_row_s…). */
  details: Record<string, string>;
}

/** The ports run.sh's servers listen on, fixed in run.sh, and which of its servers holds each. */
export const anchorPorts: readonly { port: number; server: 'flink broker' | 'flink postgres' }[] = [
  { port: 29092, server: 'flink broker' },
  { port: 29093, server: 'flink broker' },
  { port: 25432, server: 'flink postgres' },
];

/** Where run.sh keeps its PostgreSQL, with the table it leaves behind. */
export const anchorDatabaseUrl = 'postgres://postgres@127.0.0.1:25432/anchor';

/**
 * The anchor's ports that something else holds: open while the anchor's server for it is not
 * running. run.sh would fail on them only after the product's arm, so the benchmark asks first.
 */
export function portsHeldByOthers(openPorts: readonly number[], runningServers: readonly string[]): number[] {
  return anchorPorts.filter(({ port, server }) => openPorts.includes(port) && !runningServers.includes(server)).map(({ port }) => port);
}

/** Fails, naming the ports, when another process holds one the anchor's servers need. */
export async function checkAnchorPorts(anchorCopy: string): Promise<void> {
  const open = (await Promise.all(anchorPorts.map(async ({ port }) => ((await listening(port)) ? [port] : [])))).flat();
  const running = anchorServers(anchorRunDir(anchorCopy)).filter((server) => isAlive(server.pid)).map((server) => server.name);
  const taken = portsHeldByOthers(open, running);
  if (taken.length > 0) {
    throw new Error(
      `port ${taken.join(' and ')} on 127.0.0.1 is held by a process the Flink anchor did not start; its run.sh needs ${anchorPorts.map(({ port }) => port).join(', ')} (see ss -ltnp)`,
    );
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function parseFlinkOutput(output: string): FlinkResult {
  // Maven's output can leave a terminal colour code at the start of the next line.
  const lines = stripVTControlCharacters(output).split('\n');
  const fields = (prefix: string) => {
    const line = lines.find((candidate) => candidate.startsWith(`${prefix} `));
    if (line === undefined) return undefined;
    return Object.fromEntries(
      line
        .slice(prefix.length + 1)
        .trim()
        .split(/\s+/)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
  };
  const result = fields('flink');
  if (result === undefined) throw new Error(`the Flink anchor printed no "flink readings=…" line:\n${output.trim()}`);
  return {
    readings: Number(result.readings),
    seconds: Number(result.seconds),
    readingsPerSecond: Number(result.readings_per_s),
    correct: result.correct ?? '?',
    details: fields('flink-details') ?? {},
  };
}

/**
 * The anchor folder may be read-only, and run.sh builds into its own `target/` and finds its data
 * at `../../data`: it runs from a writable copy at `<workRoot>/anchors/<name>`. Timestamps are kept,
 * so run.sh sees the copy's build as current and builds again only when the sources changed.
 */
export function writableAnchor(anchorDir: string, workRoot: string): string {
  if (!existsSync(path.join(anchorDir, 'run.sh'))) throw new Error(`${anchorDir} has no run.sh: --anchor wants the Flink anchor's folder`);
  const copy = path.join(workRoot, 'anchors', path.basename(path.resolve(anchorDir)));
  mkdirSync(path.join(workRoot, 'data'), { recursive: true });
  cpSync(anchorDir, copy, {
    recursive: true,
    preserveTimestamps: true,
    force: true,
    filter: (source) => !['target', 'run'].includes(path.relative(anchorDir, source)),
  });
  return copy;
}

/**
 * What the anchor's job does: `plain` as first written (every reading a point, no history),
 * `versions` the product's work (`VERSIONS=1`: the latest version of each id counts, every version
 * kept as history, in PostgreSQL or in Parquet files).
 */
export type AnchorMode = { versions: false } | { versions: true; history: HistoryStore };
export type HistoryStore = 'postgres' | 'parquet';
export const historyStores: readonly HistoryStore[] = ['postgres', 'parquet'];

export function anchorModeName(mode: AnchorMode): string {
  return mode.versions ? `flink versions (${mode.history} history)` : 'flink';
}

export interface FlinkRun {
  result: FlinkResult;
  progress: ProgressSample[];
  /** CPU seconds of the anchor's broker from the job's submission until run.sh ended; null when its process was not found. */
  brokerCpuSeconds: number | null;
}

/**
 * Where run.sh keeps its broker, PostgreSQL, logs and progress for a copy: the folder it uses by
 * default (`run/` beside it), so that `bash run.sh stop` typed in the copy finds their PID files.
 */
export function anchorRunDir(anchorCopy: string): string {
  return path.join(anchorCopy, 'run');
}

/** The anchor's servers while they run, from run.sh's PID files: the broker and the postmaster. */
export function anchorServers(runDir: string): StackServer[] {
  const pidIn = (file: string) => {
    try {
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  const broker = pidIn(path.join(runDir, 'kafka', 'kafka.pid'));
  const postgres = pidIn(path.join(runDir, 'pg', 'data', 'postmaster.pid'));
  return [...(broker === undefined ? [] : [{ name: 'flink broker', pid: broker }]), ...(postgres === undefined ? [] : [{ name: 'flink postgres', pid: postgres }])];
}

/** run.sh says this when it submits the job, after loading the topic: the broker's CPU counts from here. */
const jobStartLine = /running the Flink job/;

/**
 * Runs run.sh on the benchmark's JSON lines and waits for its result. It runs in a process group
 * of its own, so `stop` (Ctrl-C) ends the script and the Flink JVM; the broker and PostgreSQL it
 * starts stay up for the next arm until `stopAnchorServers`.
 */
export function runFlinkAnchor(options: {
  anchorCopy: string;
  jsonLines: string;
  readings: number;
  mode: AnchorMode;
  /** Points in the table once complete: every version's with `plain`, the current ones' with `versions`. */
  expectedPoints: number;
  /** Valid versions, the rows of a complete history (versions mode only). */
  expectedVersions: number;
  geojson: string;
  timeoutSeconds: number;
  progress: (line: string) => void;
}): { done: Promise<FlinkRun>; stop(): void } {
  const runDir = anchorRunDir(options.anchorCopy);
  const modeEnvironment: Record<string, string> = options.mode.versions
    ? { VERSIONS: '1', EXPECTED_VERSIONS: String(options.expectedVersions), HISTORY: options.mode.history }
    : {};
  const child = spawn('bash', ['run.sh', String(options.readings)], {
    cwd: options.anchorCopy,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnvironment({
      INPUT_JSONL: options.jsonLines,
      EXPECTED_POINTS: String(options.expectedPoints),
      GEOJSON: options.geojson,
      ANCHOR_RUN_DIR: runDir,
      TIMEOUT_S: String(options.timeoutSeconds),
      ...modeEnvironment,
    }),
  });
  let output = '';
  let brokerAtJobStart: { pid: number; ticks: number } | undefined;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (brokerAtJobStart === undefined && jobStartLine.test(line)) brokerAtJobStart = brokerTicks(runDir);
    options.progress(`flink: ${line}`);
  });
  const done = new Promise<FlinkRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      try {
        const brokerAtEnd = brokerTicks(runDir);
        if (code !== 0) throw new Error(`the Flink anchor's run.sh exited with ${code ?? signal}`);
        const result = parseFlinkOutput(output);
        const brokerCpuSeconds =
          brokerAtJobStart !== undefined && brokerAtEnd !== undefined && brokerAtEnd.pid === brokerAtJobStart.pid
            ? (brokerAtEnd.ticks - brokerAtJobStart.ticks) / procUnits().ticksPerSecond
            : null;
        resolve({ result, progress: parseProgressFile(readFileSync(path.join(runDir, 'progress.txt'), 'utf8')), brokerCpuSeconds });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  return {
    done,
    stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

function brokerTicks(runDir: string): { pid: number; ticks: number } | undefined {
  const broker = anchorServers(runDir).find((server) => server.name === 'flink broker');
  if (broker === undefined) return undefined;
  const ticks = treeCpuTicks(broker.pid, snapshotProcesses());
  return ticks === undefined ? undefined : { pid: broker.pid, ticks };
}

/**
 * Stops the broker and PostgreSQL the anchor started (`run.sh stop`, with the run folder it was
 * given), so they do not hold the anchor's ports and memory once the benchmark is over.
 */
export function stopAnchorServers(anchorCopy: string, progress: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['run.sh', 'stop'], {
      cwd: anchorCopy,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnvironment({ ANCHOR_RUN_DIR: anchorRunDir(anchorCopy) }),
    });
    createInterface({ input: child.stderr }).on('line', (line) => progress(`flink: ${line}`));
    child.once('error', (error) => {
      progress(`could not stop the anchor's broker and PostgreSQL: ${error.message}`);
      resolve();
    });
    child.once('exit', (code) => {
      if (code !== 0) progress(`run.sh stop exited with ${code}: the anchor's broker or PostgreSQL may still run (see ${anchorRunDir(anchorCopy)})`);
      resolve();
    });
  });
}

/** The table the Flink job left in its PostgreSQL. */
export async function readFlinkTable(): Promise<RegionHourRow[]> {
  const database = createDatabase({ databaseUrl: anchorDatabaseUrl, poolSize: 1, schema: 'public', applicationName: 'thermo-bench' });
  try {
    const { rows } = await database.query<{ region: string; hour: Date; temperature: number; number_of_points: string }>(
      'SELECT region, hour, temperature, number_of_points FROM region_hourly_temperature',
    );
    return rows.map((row) => ({ regionCode: row.region, hour: row.hour.toISOString(), temperature: row.temperature, numberOfPoints: Number(row.number_of_points) }));
  } finally {
    await database.close();
  }
}
