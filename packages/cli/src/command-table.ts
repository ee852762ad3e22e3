import type { CliConfig } from './cli-config.ts';

type Run = (args: string[], config: CliConfig) => void | Promise<void>;

/**
 * A command's module is loaded only when it runs: each pulls in its own clients (Kafka, PostgreSQL,
 * DuckDB, the benchmarks), and loading all of them took 0.6 s of every invocation, a third of a
 * quick `thermo lake sql`.
 */
const loaded =
  <N extends string>(load: () => Promise<Record<N, Run>>, name: N): Run =>
  async (args, config) =>
    (await load())[name](args, config);

/** Every command, with the line `thermo --help` shows for it; each answers its own --help. */
export interface CommandEntry {
  synopsis: string;
  summary: string;
  /** Words that may follow the command's name, each answering --help too. */
  subcommands?: readonly string[];
  run: Run;
}

export const commands: Record<string, CommandEntry> = {
  stack: { synopsis: 'stack up [--brokers N]|down|status [--json]', summary: 'the native Kafka (1 or 3 brokers), schema registry and PostgreSQL', subcommands: ['up', 'down', 'status'], run: loaded(() => import('./commands/stack.ts'), 'stackCommand') },
  start: {
    synopsis: 'start [--namespace NS]',
    summary: 'stack up, then the six services in the foreground (Ctrl-C stops all);\nwith a namespace, a second model\'s processing chain beside the first',
    run: loaded(() => import('./commands/start.ts'), 'startCommand'),
  },
  load: { synopsis: 'load [options]', summary: 'POST generated readings to http-ingest, with progress lines', run: loaded(() => import('./commands/load.ts'), 'loadCommand') },
  scale: { synopsis: 'scale [--namespace NS] [<service> <n>]', summary: "run n instances of a service's consumer group under pnpm start", run: loaded(() => import('./commands/scale.ts'), 'scaleCommand') },
  lag: { synopsis: 'lag [--namespace NS] [--json]', summary: "each consumer group's committed offset, log end and lag per partition, state and members", run: loaded(() => import('./commands/lag.ts'), 'lagCommand') },
  rejected: {
    synopsis: 'rejected [--since T] [--reason C] [--service S] [--resend]',
    summary: 'the records on readings.rejected with their reasons; --resend / --resend-file send fixed ones again',
    run: loaded(() => import('./commands/rejected.ts'), 'rejectedCommand'),
  },
  replay: { synopsis: 'replay --from T --to T [--topic T]', summary: 'republish archived readings of an ingest-time range', run: loaded(() => import('./commands/replay.ts'), 'replayCommand') },
  verify: {
    synopsis: 'verify [--namespace NS] [--no-lake]',
    summary: "recount every region-hour from the scd-writer's changelog and from the lake; exit 1 on any difference",
    run: loaded(() => import('./commands/verify.ts'), 'verifyCommand'),
  },
  'seed-changelog': {
    synopsis: 'seed-changelog [--namespace NS]',
    summary: "move a history kept in PostgreSQL's reading_versions to the scd-writer's changelog",
    run: loaded(() => import('./commands/seed-changelog.ts'), 'seedChangelogCommand'),
  },
  lake: { synopsis: 'lake sql "<SQL>" [--json]', summary: "query the lake's reading versions with DuckDB (views reading_versions, readings_current)", subcommands: ['sql'], run: loaded(() => import('./commands/lake.ts'), 'lakeCommand') },
  model: { synopsis: 'model run <model.sql> [--into T]', summary: 'run a model over the lake into a PostgreSQL table', subcommands: ['run'], run: loaded(() => import('./commands/model.ts'), 'modelCommand') },
  drop: { synopsis: 'drop <namespace>...', summary: "delete a second model's topics, schema subjects and PostgreSQL schema", run: loaded(() => import('./commands/drop.ts'), 'dropCommand') },
  bench: { synopsis: 'bench regions|ingest|pipeline|recovery', summary: 'benchmarks', subcommands: ['regions', 'ingest', 'pipeline', 'recovery'], run: loaded(() => import('./commands/bench.ts'), 'benchCommand') },
  chaos: {
    synopsis: 'chaos --minutes M [--brokers 3]',
    summary: 'faults of every kind under load on a stack of its own; lost and double-counted readings, recovery times',
    run: loaded(() => import('./commands/chaos.ts'), 'chaosCommand'),
  },
  docs: { synopsis: 'docs', summary: "regenerate the README's configuration and metrics tables", run: loaded(() => import('./commands/docs.ts'), 'docsCommand') },
};

export const usage = `usage: thermo <command> [options]   (thermo <command> --help for its options)
${Object.values(commands)
  .map(({ synopsis, summary }) => {
    return [`  ${synopsis}`, ...summary.split('\n').map((line) => `      ${line}`)].join('\n');
  })
  .join('\n')}`;
