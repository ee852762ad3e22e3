import type { CliConfig } from './cli-config.ts';
import { benchCommand, benchmarks } from './commands/bench.ts';
import { chaosCommand } from './commands/chaos.ts';
import { docsCommand } from './commands/docs.ts';
import { dropCommand } from './commands/drop.ts';
import { lagCommand } from './commands/lag.ts';
import { lakeCommand } from './commands/lake.ts';
import { loadCommand } from './commands/load.ts';
import { modelCommand } from './commands/model.ts';
import { rejectedCommand } from './commands/rejected.ts';
import { replayCommand } from './commands/replay.ts';
import { scaleCommand } from './commands/scale.ts';
import { seedChangelogCommand } from './commands/seed-changelog.ts';
import { stackActions, stackCommand } from './commands/stack.ts';
import { startCommand } from './commands/start.ts';
import { verifyCommand } from './commands/verify.ts';

/** Every command, with the line `thermo --help` shows for it; each answers its own --help. */
export interface CommandEntry {
  synopsis: string;
  summary: string;
  /** Words that may follow the command's name, each answering --help too. */
  subcommands?: readonly string[];
  run: (args: string[], config: CliConfig) => void | Promise<void>;
}

export const commands: Record<string, CommandEntry> = {
  stack: { synopsis: 'stack up [--brokers N]|down|status [--json]', summary: 'the native Kafka (1 or 3 brokers), schema registry and PostgreSQL', subcommands: stackActions, run: stackCommand },
  start: {
    synopsis: 'start [--namespace NS]',
    summary: 'stack up, then the six services in the foreground (Ctrl-C stops all);\nwith a namespace, a second model\'s processing chain beside the first',
    run: startCommand,
  },
  load: { synopsis: 'load [options]', summary: 'POST generated readings to http-ingest, with progress lines', run: loadCommand },
  scale: { synopsis: 'scale [--namespace NS] [<service> <n>]', summary: "run n instances of a service's consumer group under pnpm start", run: scaleCommand },
  lag: { synopsis: 'lag [--namespace NS] [--json]', summary: "each consumer group's committed offset, log end and lag per partition, state and members", run: lagCommand },
  rejected: {
    synopsis: 'rejected [--since T] [--reason C] [--service S] [--resend]',
    summary: 'the records on readings.rejected with their reasons; --resend / --resend-file send fixed ones again',
    run: rejectedCommand,
  },
  replay: { synopsis: 'replay --from T --to T [--topic T]', summary: 'republish archived readings of an ingest-time range', run: replayCommand },
  verify: {
    synopsis: 'verify [--namespace NS] [--no-lake]',
    summary: "recount every region-hour from the scd-writer's changelog and from the lake; exit 1 on any difference",
    run: verifyCommand,
  },
  'seed-changelog': {
    synopsis: 'seed-changelog [--namespace NS]',
    summary: "move a history kept in PostgreSQL's reading_versions to the scd-writer's changelog",
    run: seedChangelogCommand,
  },
  lake: { synopsis: 'lake sql "<SQL>" [--json]', summary: "query the lake's reading versions with DuckDB (views reading_versions, readings_current)", subcommands: ['sql'], run: lakeCommand },
  model: { synopsis: 'model run <model.sql> [--into T]', summary: 'run a model over the lake into a PostgreSQL table', subcommands: ['run'], run: modelCommand },
  drop: { synopsis: 'drop <namespace>...', summary: "delete a second model's topics, schema subjects and PostgreSQL schema", run: dropCommand },
  bench: { synopsis: 'bench regions|ingest|pipeline|recovery', summary: 'benchmarks', subcommands: Object.keys(benchmarks), run: benchCommand },
  chaos: {
    synopsis: 'chaos --minutes M [--brokers 3]',
    summary: 'faults of every kind under load on a stack of its own; lost and double-counted readings, recovery times',
    run: chaosCommand,
  },
  docs: { synopsis: 'docs', summary: "regenerate the README's configuration and metrics tables", run: docsCommand },
};

export const usage = `usage: thermo <command> [options]   (thermo <command> --help for its options)
${Object.values(commands)
  .map(({ synopsis, summary }) => {
    return [`  ${synopsis}`, ...summary.split('\n').map((line) => `      ${line}`)].join('\n');
  })
  .join('\n')}`;
