import type { CliConfig } from '../cli-config.js';
import { benchRegionsCommand } from './bench-regions.js';

const usage = `thermo bench regions|ingest [options]   (thermo bench <name> --help)`;

export async function benchCommand(args: string[], _config: CliConfig): Promise<void> {
  const [name, ...rest] = args;
  switch (name) {
    case 'regions':
      return benchRegionsCommand(rest);
    default:
      throw new Error(`unknown benchmark ${name ?? '(none)'}; usage: ${usage}`);
  }
}
