import type { CliConfig } from '../cli-config.ts';
import { benchIngestCommand } from './bench-ingest.ts';
import { benchRegionsCommand } from './bench-regions.ts';

const usage = `thermo bench regions|ingest [options]   (thermo bench <name> --help)`;

export async function benchCommand(args: string[], config: CliConfig): Promise<void> {
  const [name, ...rest] = args;
  switch (name) {
    case 'regions':
      return benchRegionsCommand(rest);
    case 'ingest':
      return benchIngestCommand(rest, config);
    default:
      throw new Error(`unknown benchmark ${name ?? '(none)'}; usage: ${usage}`);
  }
}
