import type { Database } from '@thermostream/postgres';
import type { Lake, LakeColumn } from './lake.ts';
import { sqlIdentifier, sqlString } from './sql.ts';

/** A model: DuckDB SQL over the lake's views, and the columns that identify a row of its table. */
export interface Model {
  sql: string;
  key: string[];
}

const keyLine = /^\s*--\s*key:\s*(.+)$/i;

/** Reads a model file: its first line declares the key (`-- key: region_code, day`), the rest is the query. */
export function parseModel(text: string, fileName: string): Model {
  const [first = '', ...rest] = text.split('\n');
  const match = keyLine.exec(first);
  if (!match) throw new Error(`${fileName}: the first line must declare the table's key, e.g. "-- key: region_code, day"`);
  const key = match[1]!.split(',').map((column) => column.trim());
  if (key.some((column) => !/^[a-z_][a-z0-9_]*$/.test(column))) throw new Error(`${fileName}: key "${match[1]!.trim()}" must be column names separated by commas`);
  const sql = rest.join('\n').trim().replace(/;\s*$/, '');
  if (sql === '') throw new Error(`${fileName}: no query after the key line`);
  return { sql, key };
}

/** The PostgreSQL type that holds a DuckDB result column exactly. */
export function postgresTypeOf(column: Pick<LakeColumn, 'name' | 'type'>): string {
  const type = column.type;
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return `numeric(${decimal[1]},${decimal[2]})`;
  const known: Record<string, string> = {
    BOOLEAN: 'boolean',
    TINYINT: 'smallint',
    SMALLINT: 'smallint',
    UTINYINT: 'smallint',
    INTEGER: 'integer',
    USMALLINT: 'integer',
    BIGINT: 'bigint',
    UINTEGER: 'bigint',
    UBIGINT: 'numeric(20,0)',
    HUGEINT: 'numeric(39,0)',
    UHUGEINT: 'numeric(39,0)',
    FLOAT: 'real',
    DOUBLE: 'double precision',
    VARCHAR: 'text',
    UUID: 'uuid',
    DATE: 'date',
    TIME: 'time',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    INTERVAL: 'interval',
  };
  const mapped = known[type];
  if (!mapped) throw new Error(`column ${column.name}: DuckDB type ${type} has no PostgreSQL column type here; cast it in the model (e.g. ::VARCHAR)`);
  return mapped;
}

export interface ModelRun {
  table: string;
  rows: number;
  created: boolean;
}

/** Rows per INSERT: one JSON parameter each, so a large result does not make one huge statement. */
const rowsPerStatement = 5_000;

/**
 * Runs a model over the lake and upserts its rows into `table` (in the database's schema), in one
 * transaction: the table is created from the result's columns if missing, with the model's key as
 * primary key, and the analyst role may read it. Rows the model no longer returns are kept.
 */
export async function runModel(options: { lake: Lake; database: Database; model: Model; table: string; schema: string }): Promise<ModelRun> {
  const { model, table } = options;
  const result = await options.lake.query(model.sql);
  const names = result.columns.map((column) => column.name);
  const missingKey = model.key.filter((column) => !names.includes(column));
  if (missingKey.length > 0) throw new Error(`key column(s) ${missingKey.join(', ')} not among the model's columns (${names.join(', ')})`);
  const columnsSql = result.columns.map((column) => `${sqlIdentifier(column.name)} ${postgresTypeOf(column)}`);
  const quotedTable = sqlIdentifier(table);
  return options.database.transaction(async (tx) => {
    // The search path falls back to public when the namespace's schema does not exist.
    const [{ schema } = { schema: '' }] = (await tx.query<{ schema: string }>('SELECT current_schema() AS schema')).rows;
    if (schema !== options.schema) throw new Error(`schema ${options.schema} does not exist: start that namespace's pipeline first (thermo start --namespace)`);
    const existing = await tx.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
      [table],
    );
    const created = existing.rows.length === 0;
    if (created) {
      await tx.query(`CREATE TABLE ${quotedTable} (${columnsSql.join(', ')}, PRIMARY KEY (${model.key.map(sqlIdentifier).join(', ')}))`);
      // As the migrations grant the product's tables: a database without the role has no analysts to grant.
      await tx.query(
        `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thermostream_analyst') THEN
           EXECUTE format('GRANT USAGE ON SCHEMA %I TO thermostream_analyst', current_schema());
           EXECUTE format('GRANT SELECT ON %I TO thermostream_analyst', ${sqlString(table)});
         END IF; END $$`,
      );
    } else {
      const have = new Set(existing.rows.map((row) => row.column_name));
      const absent = names.filter((name) => !have.has(name));
      if (absent.length > 0) throw new Error(`table ${table} has no column(s) ${absent.join(', ')} of the model; drop it or name another with --into`);
    }
    const columnList = names.map(sqlIdentifier).join(', ');
    const updates = names.filter((name) => !model.key.includes(name)).map((name) => `${sqlIdentifier(name)} = EXCLUDED.${sqlIdentifier(name)}`);
    const onConflict = `ON CONFLICT (${model.key.map(sqlIdentifier).join(', ')}) ${updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`;
    for (let start = 0; start < result.rows.length; start += rowsPerStatement) {
      // PostgreSQL turns each JSON value into the column's type, as it would a literal of it.
      await tx.query(
        `INSERT INTO ${quotedTable} (${columnList}) SELECT ${columnList} FROM json_populate_recordset(NULL::${quotedTable}, $1::json) ${onConflict}`,
        [JSON.stringify(result.rows.slice(start, start + rowsPerStatement))],
      );
    }
    return { table, rows: result.rows.length, created };
  });
}
