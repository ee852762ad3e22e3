import { ConfigError } from '@thermostream/config';
import { loadCliConfig } from './cli-config.ts';
import { benchCommand } from './commands/bench.ts';
import { chaosCommand } from './commands/chaos.ts';
import { docsCommand } from './commands/docs.ts';
import { dropCommand } from './commands/drop.ts';
import { lakeCommand } from './commands/lake.ts';
import { loadCommand } from './commands/load.ts';
import { modelCommand } from './commands/model.ts';
import { replayCommand } from './commands/replay.ts';
import { scaleCommand } from './commands/scale.ts';
import { stackCommand } from './commands/stack.ts';
import { startCommand } from './commands/start.ts';
import { verifyCommand } from './commands/verify.ts';

const usage = `usage: thermo <command>
  stack up [--brokers N]|down|status [--json]
                                  the native Kafka (1 or 3 brokers), schema registry and PostgreSQL
  start [--namespace NS]          stack up, then the seven services in the foreground (Ctrl-C stops all);
                                  with a namespace, a second model's processing chain beside the first
  load [options]                  POST generated readings to http-ingest (thermo load --help)
  scale [--namespace NS] [<service> <n>]  run n instances of a service's consumer group under pnpm start
  replay --from T --to T [--topic] republish archived readings of an ingest-time range (thermo replay --help)
  verify [--namespace NS]         recompute every region-hour from reading_versions; exit 1 on any difference
  lake sql "<SQL>" [--json]       query the lake's reading versions with DuckDB (thermo lake --help)
  model run <model.sql> [--into T] run a model over the lake into a PostgreSQL table (thermo model --help)
  drop <namespace>...             delete a second model's topics, schema subjects and PostgreSQL schema
  bench regions|ingest|pipeline   benchmarks (thermo bench <name> --help)
  chaos --minutes M [--brokers 3] faults of every kind under load on a stack of its own; lost and double-counted readings,
                                  recovery times (thermo chaos --help)
  docs                            regenerate the README's configuration and metrics tables`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const config = loadCliConfig();
  switch (command) {
    case 'stack':
      return stackCommand(args, config);
    case 'start':
      return startCommand(args, config);
    case 'load':
      return loadCommand(args, config);
    case 'scale':
      return scaleCommand(args, config);
    case 'replay':
      return replayCommand(args, config);
    case 'verify':
      return verifyCommand(args);
    case 'lake':
      return lakeCommand(args, config);
    case 'model':
      return modelCommand(args, config);
    case 'drop':
      return dropCommand(args, config);
    case 'bench':
      return benchCommand(args, config);
    case 'chaos':
      return chaosCommand(args, config);
    case 'docs':
      return docsCommand();
    default:
      console.error(usage);
      process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof ConfigError ? `invalid configuration:\n${error.message}` : String(error instanceof Error ? error.message : error);
  console.error(`thermo: ${message}`);
  process.exit(1);
});
