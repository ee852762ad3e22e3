import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLake, parseModel, runModel } from '@thermostream/lake';
import { createDatabase, schemaOfNamespace } from '@thermostream/postgres';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';

const usage = `thermo model run <model.sql> [--into TABLE] [--namespace NS] [--database-url URL] [--lake DIR]
  Runs the model's DuckDB SQL over the lake's views (reading_versions, readings_current: see
  thermo lake --help) and upserts its rows into a PostgreSQL table, in one transaction. The
  model's first line declares the table's key, e.g. "-- key: region_code, day"; the table is
  created from the result's columns if missing, readable by the analyst role.
  --into TABLE defaults to the file's name (daily-region-temperature.sql: daily_region_temperature).
  --namespace NS writes into that pipeline's schema.`;

export async function modelCommand(args: string[], config: CliConfig): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      namespace: { type: 'string', default: '' },
      'database-url': { type: 'string' },
      lake: { type: 'string', default: config.lakeDir },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const [subcommand, file, ...extra] = positionals;
  if (subcommand !== 'run' || file === undefined || extra.length > 0) throw new Error(`expected: model run <model.sql>\n${usage}`);
  const table = values.into ?? path.basename(file, path.extname(file)).replaceAll('-', '_');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new Error(`--into ${JSON.stringify(table)} must be a lower-case table name of letters, digits and _`);
  const model = parseModel(await readFile(file, 'utf8'), file);
  const lake = await openLake(values.lake);
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
