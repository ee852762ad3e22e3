import type { CliConfig } from '../cli-config.ts';
import { benchIngestCommand } from './bench-ingest.ts';
import { benchPipelineCommand } from './bench-pipeline.ts';
import { benchRegionsCommand } from './bench-regions.ts';

const usage = `thermo bench regions|ingest|pipeline [options]   (thermo bench <name> --help)`;

export async function benchCommand(args: string[], config: CliConfig): Promise<void> {
  const [name, ...rest] = args;
  switch (name) {
    case 'regions':
      return benchRegionsCommand(rest);
    case 'ingest':
      return benchIngestCommand(rest, config);
    case 'pipeline':
      return benchPipelineCommand(rest, config);
    default:
      throw new Error(`unknown benchmark ${name ?? '(none)'}; usage: ${usage}`);
  }
}
