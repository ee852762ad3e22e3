import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '@thermostream/stack';
import type { SupervisedInstance } from './supervisor.ts';

/** What a running `thermo start` supervises, kept in a file so `stack status` can show it. */
export interface SupervisorState {
  pid: number;
  namespace: string;
  instances: SupervisedInstance[];
}

export function writeSupervisorState(file: string, state: SupervisorState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole then renamed: a reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, file);
}

/** The state of the supervisor that wrote `file`, if it still runs. */
export function readSupervisorState(file: string): SupervisorState | undefined {
  let state: SupervisorState;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as SupervisorState;
  } catch {
    return undefined;
  }
  return isAlive(state.pid) ? state : undefined;
}
