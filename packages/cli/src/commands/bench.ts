import type { CliConfig } from '../cli-config.ts';
import { benchIngestCommand } from './bench-ingest.ts';
import { benchPipelineCommand } from './bench-pipeline.ts';
import { benchRecoveryCommand } from './bench-recovery.ts';
import { benchRegionsCommand } from './bench-regions.ts';

/** Each benchmark parses its own options and answers its own --help. */
export const benchmarks = {
  regions: { summary: 'region assignment per second on one core, polygon and bbox modes', run: (args: string[]) => benchRegionsCommand(args) },
  ingest: { summary: "http-ingest under concurrent POSTs beside Kafka's ProducerPerformance", run: benchIngestCommand },
  pipeline: { summary: "a backlog (or live load with --live) through a fresh namespace's processing chain", run: benchPipelineCommand },
  recovery: { summary: 'an scd-writer SIGKILLed after a backlog: its replacement caught up, then rebuilt from the changelog', run: benchRecoveryCommand },
} satisfies Record<string, { summary: string; run: (args: string[], config: CliConfig) => Promise<void> }>;

const usage = `usage: thermo bench <benchmark> [options]   (thermo bench <benchmark> --help for its options)
${Object.entries(benchmarks)
  .map(([name, benchmark]) => `  ${name.padEnd(10)}${benchmark.summary}`)
  .join('\n')}`;

export async function benchCommand(args: string[], config: CliConfig): Promise<void> {
  const [name, ...rest] = args;
  if (name === '--help') {
    console.log(usage);
    return;
  }
  if (name === undefined || !Object.hasOwn(benchmarks, name)) throw new Error(`unknown benchmark ${name ?? '(none)'}\n${usage}`);
  return benchmarks[name as keyof typeof benchmarks].run(rest, config);
}
