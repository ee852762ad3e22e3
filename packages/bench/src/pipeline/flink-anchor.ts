import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { childEnvironment } from '@thermostream/config';
import { createDatabase } from '@thermostream/postgres';
import type { RegionHourRow } from './compare-tables.ts';
import { parseProgressFile, type ProgressSample } from './drain-progress.ts';

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

/** Where run.sh keeps its PostgreSQL, with the table it leaves behind. */
export const anchorDatabaseUrl = 'postgres://postgres@127.0.0.1:25432/anchor';

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

export interface FlinkRun {
  result: FlinkResult;
  progress: ProgressSample[];
}

/**
 * Runs run.sh on the benchmark's JSON lines and waits for its result. It runs in a process group
 * of its own, so `stop` (Ctrl-C) ends the script and the Flink JVM; a broker it started in this run
 * goes with them, and run.sh starts it again next time. PostgreSQL detaches and stays.
 */
export function runFlinkAnchor(options: {
  anchorCopy: string;
  runDir: string;
  jsonLines: string;
  readings: number;
  expectedPoints: number;
  geojson: string;
  progress: (line: string) => void;
}): { done: Promise<FlinkRun>; stop(): void } {
  const child = spawn('bash', ['run.sh', String(options.readings)], {
    cwd: options.anchorCopy,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnvironment({
      INPUT_JSONL: options.jsonLines,
      EXPECTED_POINTS: String(options.expectedPoints),
      GEOJSON: options.geojson,
      ANCHOR_RUN_DIR: options.runDir,
    }),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => options.progress(`flink: ${line}`));
  const done = new Promise<FlinkRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`the Flink anchor's run.sh exited with ${code ?? signal}`);
        const result = parseFlinkOutput(output);
        resolve({ result, progress: parseProgressFile(readFileSync(path.join(options.runDir, 'progress.txt'), 'utf8')) });
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
