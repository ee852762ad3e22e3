import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openLake, parseModel, runModel } from '@thermostream/lake';
import { createDatabase, schemaOfNamespace } from '@thermostream/postgres';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo model',
  positionals: 'run <model.sql>',
  summary: `Runs the model's DuckDB SQL over the lake's views (reading_versions, readings_current: see
thermo lake --help) and upserts its rows into a PostgreSQL table, in one transaction. The
model's first line declares the table's key, e.g. "-- key: region_code, day"; the table is
created from the result's columns if missing, readable by the analyst role.`,
  options: {
    into: { type: 'string', placeholder: 'TABLE', description: "the table (default: the file's name, daily-region-temperature.sql: daily_region_temperature)" },
    namespace: { type: 'string', placeholder: 'NS', description: "the pipeline whose schema takes the table (default: the product's own)", default: '' },
    'database-url': { type: 'string', placeholder: 'URL', description: "PostgreSQL to write (default: the stack's)" },
    lake: { type: 'string', placeholder: 'DIR', description: "another lake folder than the stack's" },
  },
});

export async function modelCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const [subcommand, file, ...extra] = positionals;
  if (subcommand !== 'run' || file === undefined || extra.length > 0) throw command.usageError('expected: model run <model.sql>');
  const table = values.into ?? path.basename(file, path.extname(file)).replaceAll('-', '_');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new Error(`--into ${JSON.stringify(table)} must be a lower-case table name of letters, digits and _`);
  const model = parseModel(await readFile(file, 'utf8'), file);
  const lake = await openLake(values.lake ?? config.lakeDir);
  const database = createDatabase({
    databaseUrl: values['database-url'] ?? stackEndpoints(stackOptionsOf(config)).postgresUrl,
    poolSize: 1,
    schema: schemaOfNamespace(values.namespace),
    applicationName: 'thermo-model',
  });
  try {
    const run = await runModel({ lake, database, model, table, schema: schemaOfNamespace(values.namespace) });
    console.log(`${path.basename(file)}: ${run.rows} row(s) upserted into ${run.table}${run.created ? ' (created)' : ''}`);
  } finally {
    lake.close();
    await database.close();
  }
}
