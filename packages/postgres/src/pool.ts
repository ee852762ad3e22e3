import pg from 'pg';
import { reportingClient } from './reachability.ts';

export interface PoolOptions {
  databaseUrl: string;
  poolSize: number;
  /** Tables are looked up in this schema first (a pipeline namespace has its own). */
  schema: string;
  applicationName: string;
  /** Told after each connection attempt and statement whether PostgreSQL could be reached. */
  onReachability?: (reachable: boolean) => void;
}

/** What services need of PostgreSQL: a query, no driver types. */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

/** Statements inside BEGIN … COMMIT. */
export type Transaction = Queryable;

export interface Database extends Queryable {
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The PostgreSQL schema of a pipeline namespace: `public` for the product's own tables. */
export const schemaOfNamespace = (namespace: string) => (namespace === '' ? 'public' : namespace);

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function createDatabase(options: PoolOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    application_name: options.applicationName,
    options: `-c search_path=${quoteIdentifier(options.schema)},public`,
    ...(options.onReachability ? { Client: reportingClient(options.onReachability) } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const query: Queryable['query'] = async (text, values) => {
    const result = await pool.query(text, values);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  return {
    query,
    transaction: (work) => inTransaction(pool, work),
    close: () => pool.end(),
  };
}

const retriableStates = new Set(['40001', '40P01']);
const maxAttempts = 5;

/** BEGIN … COMMIT; serialization failures and deadlocks are retried with backoff, anything else rolls back and throws. */
async function inTransaction<T>(pool: pg.Pool, work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    // A checked-out client has no listener of the pool's: a connection lost while the work awaits
    // something else (a Kafka send) would be an unhandled 'error' that ends the process. The work's
    // next query fails instead, and the broken client is discarded, not returned to the pool.
    let lost: Error | undefined;
    const onLost = (error: Error) => (lost = error);
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const tx: Transaction = {
        query: async (text, values) => {
          const result = await client.query(text, values);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const state = (error as { code?: string }).code;
      if (state === undefined || !retriableStates.has(state) || attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    } finally {
      client.off('error', onLost);
      client.release(lost);
    }
  }
}
