import { createServer } from 'node:net';
import pg from 'pg';
import { reachabilityOf, reportingClient } from './reachability.ts';

const serverError = (code: string) => Object.assign(new pg.DatabaseError('server error', 0, 'error'), { code });

/** A port nothing listens on: a connection to it is refused, as to a database that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('reachabilityOf', () => {
  it('takes an SQL error for an answer', () => {
    expect(reachabilityOf(serverError('23505'))).toBe(true);
    expect(reachabilityOf(serverError('40001'))).toBe(true);
  });

  it('takes a refused or lost connection, or a server shutting down or starting up, for unreachable', () => {
    expect(reachabilityOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:15432'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(reachabilityOf(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(reachabilityOf(serverError('57P01'))).toBe(false);
    expect(reachabilityOf(serverError('57P03'))).toBe(false);
    expect(reachabilityOf(serverError('08006'))).toBe(false);
  });

  it('says nothing of an error that is not the database’s', () => {
    expect(reachabilityOf(new TypeError('cannot read properties of undefined'))).toBeUndefined();
  });
});

describe('reportingClient', () => {
  it('reports a refused connection, whether the caller awaits a promise or passes a callback as the pool does', async () => {
    const reports: boolean[] = [];
    const connectionString = `postgres://nobody@127.0.0.1:${await closedPort()}/none`;
    const Client = reportingClient((reachable) => reports.push(reachable));
    await expect(new Client({ connectionString }).connect()).rejects.toThrow();
    const pool = new pg.Pool({ connectionString, Client });
    await expect(pool.query('SELECT 1')).rejects.toThrow();
    await pool.end();
    expect(reports).toEqual([false, false]);
  });
});
