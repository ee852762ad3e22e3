import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteIdentifier, type Database } from './pool.ts';

/** The product's migrations: `NNNN_description.sql`, applied in order, each once. */
export const productMigrations = fileURLToPath(new URL('../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file ${file} must be named NNNN_description.sql`);
      const sql = readFileSync(path.join(directory, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations not yet recorded in `<schema>.schema_migrations`, all in one
 * transaction under an advisory lock, so instances starting together apply each exactly once.
 * An applied migration whose file changed is refused: history is never rewritten.
 */
export async function runMigrations(database: Database, options: { schema: string; directory?: string }): Promise<number[]> {
  const migrations = readMigrations(options.directory ?? productMigrations);
  const schema = quoteIdentifier(options.schema);
  const applied: number[] = [];
  await database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`thermostream-migrations:${options.schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number; checksum: string }>(`SELECT version, checksum FROM ${schema}.schema_migrations`);
    const recorded = new Map(rows.map((row) => [row.version, row.checksum]));
    for (const migration of migrations) {
      const checksum = recorded.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`migration ${migration.version}_${migration.name} was changed after it was applied to schema ${options.schema}; add a new migration instead`);
        }
        continue;
      }
      await tx.query(`SET LOCAL search_path = ${schema}`);
      await tx.query(migration.sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.version);
    }
  });
  return applied;
}
