import { openLake, type LakeColumn, type LakeResult, type LakeValue } from '@thermostream/lake';
import type { CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo lake',
  positionals: 'sql "<DuckDB SQL>"',
  summary: `Queries the lake (Parquet files of every reading version, by date and region) with DuckDB SQL
through two views:
  reading_versions  every version: reading_id, version, region_code (null abroad), hour,
                    temperature, valid_from, valid_to (null while current), is_current
  readings_current  the current version of each reading, same columns
e.g. thermo lake sql "SELECT region_code, count(*) FROM readings_current GROUP BY ALL"
Timestamps are in UTC.`,
  options: {
    json: { type: 'boolean', description: 'one JSON array of row objects instead of a table' },
    lake: { type: 'string', placeholder: 'DIR', description: "another lake folder than the stack's (stack status --json: lakePath)" },
  },
});

export async function lakeCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const [subcommand, sql, ...extra] = positionals;
  if (subcommand !== 'sql' || sql === undefined || sql.trim() === '' || extra.length > 0) throw command.usageError('expected one SQL statement, quoted');
  const lake = await openLake(values.lake ?? config.lakeDir);
  try {
    const result = await lake.query(sql);
    console.log(values.json ? JSON.stringify(result.rows) : formatTable(result));
  } finally {
    lake.close();
  }
}

const cell = (value: LakeValue): string => (value === null ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** A result as aligned columns under a header, numbers to the right, and its row count. */
export function formatTable(result: { columns: Pick<LakeColumn, 'name' | 'type'>[]; rows: LakeResult['rows'] }): string {
  const names = result.columns.map((column) => column.name);
  const cells = result.rows.map((row) => names.map((name) => cell(row[name] ?? null)));
  const widths = names.map((name, index) => Math.max(name.length, ...cells.map((row) => row[index]!.length)));
  const numeric = result.columns.map((column) => /INT|DOUBLE|FLOAT|DECIMAL/.test(column.type));
  const line = (values: string[]) => values.map((value, index) => (numeric[index] ? value.padStart(widths[index]!) : value.padEnd(widths[index]!))).join('  ').trimEnd();
  return [line(names), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line), `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`].join('\n');
}
