import { execFileSync } from 'node:child_process';
import { fromRepositoryRoot } from '@thermostream/pipeline/repository';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo docs',
  summary: "Regenerates the README's configuration and metrics tables from the settings and metrics every service declares.",
  options: {},
});

/**
 * `thermo docs`: runs the generator of the README's configuration and metrics tables. It imports
 * every service's declarations, so it lives outside packages/ and runs as its own process.
 */
export function docsCommand(args: string[]): void {
  if (!command.parse(args)) return;
  execFileSync(process.execPath, [fromRepositoryRoot('tools/reference-docs/src/main.ts')], { stdio: 'inherit' });
}
