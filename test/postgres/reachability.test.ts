import { createDatabase } from '@thermostream/postgres';
import { freePort } from '../support/pipeline.ts';
import { testStackEndpoints } from '../support/stack.ts';

function reportingDatabase(databaseUrl: string) {
  const reports: boolean[] = [];
  const database = createDatabase({ databaseUrl, poolSize: 1, schema: 'public', applicationName: 'test', onReachability: (reachable) => reports.push(reachable) });
  return { reports, database };
}

describe('a database reporting whether PostgreSQL could be reached', () => {
  it('reports it reachable for statements that succeed and for SQL errors, in a transaction or not', async () => {
    const { reports, database } = reportingDatabase((await testStackEndpoints()).postgresUrl);
    try {
      await database.query('SELECT 1');
      await expect(database.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      await expect(database.transaction((tx) => tx.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
    } finally {
      await database.close();
    }
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.every((reachable) => reachable)).toBe(true);
  });

  it('reports it unreachable when no connection can be made, for a statement or a transaction', async () => {
    const { reports, database } = reportingDatabase(`postgres://thermostream@127.0.0.1:${await freePort()}/thermostream`);
    try {
      await expect(database.query('SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await expect(database.transaction((tx) => tx.query('SELECT 1'))).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await database.close();
    }
    expect(reports).toEqual([false, false]);
  });
});
