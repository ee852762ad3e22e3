import { execFileSync } from 'node:child_process';
import { fromRepositoryRoot } from '../repository.ts';

/**
 * `thermo docs`: runs the generator of the README's configuration and metrics tables. It imports
 * every service's declarations, so it lives outside packages/ and runs as its own process.
 */
export function docsCommand(): void {
  execFileSync(process.execPath, [fromRepositoryRoot('tools/reference-docs/src/main.ts')], { stdio: 'inherit' });
}
