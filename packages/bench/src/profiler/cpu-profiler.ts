import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeCpuProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.ts';

/**
 * NODE_OPTIONS that make a Node process write a CPU profile of its main thread into `directory` when
 * it exits, as `<pid>.cpuprofile`: what `--cpu-prof --cpu-prof-dir` do, which Node 20 refuses in
 * NODE_OPTIONS. The service's own and the operator's flags stay ahead of them (`serviceEnvironment`):
 * a profile of a differently tuned process would measure something else.
 */
export function cpuProfileNodeOptions(directory: string): string {
  const preload = new URL('./cpu-profiler-preload.mjs', import.meta.url);
  preload.searchParams.set('dir', directory);
  return `--import ${preload.href}`;
}

function readCpuProfile(directory: string, pid: number): { file: string; profile: CpuProfile } {
  const file = path.join(directory, `${pid}.cpuprofile`);
  try {
    return { file, profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile };
  } catch (error) {
    throw new Error(`no CPU profile at ${file} (did the process exit cleanly?): ${(error as Error).message}`);
  }
}

/** Now, on the clock of a profile's sample times. */
export const profileClockMicros = () => Number(process.hrtime.bigint() / 1000n);

/** The profile a process wrote at its exit, summed over the samples taken inside `window`. */
export function summarizeProfileOf(directory: string, pid: number, top: number, window: { fromMicros: number; toMicros: number }): ProfileSummary & { file: string } {
  const { file, profile } = readCpuProfile(directory, pid);
  return { file, ...summarizeCpuProfile(profile, top, window) };
}
