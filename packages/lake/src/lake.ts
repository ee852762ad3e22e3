import path from 'node:path';
import { DuckDBInstance, type DuckDBType } from '@duckdb/node-api';
import { localDirectoryStorage } from '@thermostream/archive';
import { isLakeFile } from './layout.ts';
import { lakeViewStatements } from './views.ts';

/** A JSON-friendly value of a result: DuckDB's own JSON conversion (timestamps and large integers as strings). */
export type LakeValue = string | number | boolean | null | LakeValue[] | { [key: string]: LakeValue };

export interface LakeColumn {
  name: string;
  /** DuckDB's name of the type, e.g. `DOUBLE`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`. */
  type: string;
  duckdbType: DuckDBType;
}

export interface LakeResult {
  columns: LakeColumn[];
  rows: Record<string, LakeValue>[];
}

export interface Lake {
  /** The complete files the views read, as listed when the lake was opened (absolute paths). */
  files: readonly string[];
  /** Runs DuckDB SQL with the views `reading_versions` and `readings_current` defined. */
  query(sql: string): Promise<LakeResult>;
  close(): void;
}

/** DuckDB's JSON gives 64-bit integers as strings: counts and versions read better as numbers when exact. */
const wideIntegers = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);
function withSafeIntegers(row: Record<string, LakeValue>, types: readonly string[]): Record<string, LakeValue> {
  Object.keys(row).forEach((name, index) => {
    const value = row[name];
    if (wideIntegers.has(types[index]!) && typeof value === 'string' && Number.isSafeInteger(Number(value))) row[name] = Number(value);
  });
  return row;
}

/**
 * An in-memory DuckDB over the lake's complete files (as listed when it opens; temporary files are
 * never read), with the views defined. Timestamps are shown in UTC.
 */
export async function openLake(lakeDir: string): Promise<Lake> {
  const root = path.resolve(lakeDir);
  const files = (await localDirectoryStorage(root, isLakeFile).list()).map((file) => path.join(root, file));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  for (const statement of lakeViewStatements(files)) await connection.run(statement);
  return {
    files,
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      const types = reader.columnTypes();
      return {
        columns: reader.columnNames().map((name, index) => ({ name, type: types[index]!.toString(), duckdbType: types[index]! })),
        rows: (reader.getRowObjectsJson() as Record<string, LakeValue>[]).map((row) => withSafeIntegers(row, types.map(String))),
      };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
