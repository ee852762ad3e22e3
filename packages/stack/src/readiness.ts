import { existsSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { sleep } from './processes.ts';

/**
 * Polls `check` until it holds; the error names the component, where its log is and what it said
 * last. `logFrom` is the log's size before this start (`logSize`): a log appended to across starts
 * quotes only this one's lines.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; logFile: string; logFrom: number; stillRunning?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (options.stillRunning && !options.stillRunning()) {
      throw new Error(`${what} exited while starting; see ${options.logFile}${lastWords(options.logFile, options.logFrom)}`);
    }
    await sleep(250);
  }
  throw new Error(`${what} was not ready after ${Math.round(options.timeoutMs / 1000)} s; see ${options.logFile}${lastWords(options.logFile, options.logFrom)}`);
}

/**
 * The log's error lines, or its last lines when it has none, so the cause travels with the error
 * even when the log is removed with a temporary stack.
 */
export function lastWords(logFile: string, from: number, count = 8): string {
  if (!existsSync(logFile)) return '';
  const lines = readFileSync(logFile).subarray(from).toString('utf8').split('\n').filter((line) => line.trim() !== '');
  const errors = lines.filter((line) => /\b(ERROR|FATAL)\b|Exception|already in use/.test(line));
  const chosen = (errors.length > 0 ? errors : lines).slice(-count);
  return chosen.length === 0 ? '' : `\n${chosen.map((line) => `  ${line}`).join('\n')}`;
}

/** The log's size now, before a start appends to it. */
export function logSize(logFile: string): number {
  return existsSync(logFile) ? statSync(logFile).size : 0;
}

export function portAcceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function httpAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
