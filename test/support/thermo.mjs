import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the operator CLI, as an operator would; jest's global hooks cannot load TypeScript modules. */
export function thermo(...args) {
  return execFileSync(process.execPath, ['packages/cli/src/main.ts', ...args], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
