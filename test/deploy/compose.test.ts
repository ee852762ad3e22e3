import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { fromRepositoryRoot } from '@thermostream/pipeline';
import { serviceDefaultPorts, serviceNames } from '@thermostream/config';

// No Docker engine runs these tests: the compose file, the image recipe and the monitoring they wire
// are checked as files, and the image's health check as the program it is.

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(fromRepositoryRoot('docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
// lake-writer is declared in serviceDefaultPorts by its own work; until then its port is 19107.
const pipeline: [string, number][] = [...new Set([...serviceNames, 'lake-writer'])].map((service) => [
  service,
  (serviceDefaultPorts as Record<string, number>)[service] ?? 19107,
]);
const serviceOf = (name: string): ComposeService => {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
};

describe('docker-compose.yml', () => {
  it.each(pipeline)('runs %s from the image, on its own port, once its dependencies are healthy, with a health check', (name, port) => {
    const service = serviceOf(name);
    expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile' });
    expect(service.environment?.['SERVICE']).toBe(name);
    expect(Number(service.environment?.[name === 'http-ingest' ? 'INGEST_PORT' : 'METRICS_PORT'])).toBe(port);
    expect(service.ports).toEqual([`${port}:${port}`]);
    expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs']);
    for (const dependency of ['kafka', 'registry', 'postgres']) expect(service.depends_on?.[dependency]).toEqual({ condition: 'service_healthy' });
  });

  it.each([
    ['raw-archiver', 'ARCHIVE_DIR', 'archive'],
    ['lake-writer', 'LAKE_DIR', 'lake'],
  ])('keeps what %s writes (%s) on the named volume %s, in a folder the image gives the service user', (name, variable, volume) => {
    const folder = String(serviceOf(name).environment?.[variable]);
    expect(serviceOf(name).volumes).toEqual([`${volume}:${folder}`]);
    const userFolders = readFileSync(fromRepositoryRoot('deploy/Dockerfile'), 'utf8').match(/mkdir -p ([^\n\\]+)[\s\\]+&& chown -R 10001:10001 ([^\n]+)/);
    expect(userFolders?.[1]?.split(' ')).toContain(folder);
    expect(userFolders?.[2]?.split(' ').some((owned) => folder.startsWith(owned))).toBe(true);
  });

  it.each(['postgres', 'kafka', 'registry', 'prometheus', 'grafana'])('checks the health of %s too', (name) => {
    expect(serviceOf(name).healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('mounts only files and folders that exist in the repository', () => {
    const mounted = Object.values(compose.services)
      .flatMap((service) => service.volumes ?? [])
      .filter((volume) => volume.startsWith('./'))
      .map((volume) => volume.split(':')[0]!);
    expect(mounted.length).toBeGreaterThan(0);
    expect(mounted.filter((hostPath) => !existsSync(fromRepositoryRoot(hostPath)))).toEqual([]);
  });

  it('has Prometheus scrape every service of the pipeline by its compose name, with the alerts of deploy/prometheus', () => {
    const config = parse(readFileSync(fromRepositoryRoot('deploy/compose/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const [job] = config.scrape_configs;
    expect(job?.job_name).toBe('thermostream');
    expect(job?.static_configs.flatMap((group) => group.targets).sort()).toEqual(pipeline.map(([name, port]) => `${name}:${port}`).sort());
    // The container sees deploy/compose and deploy/prometheus side by side, as the repository does.
    expect(serviceOf('prometheus').volumes).toEqual(
      expect.arrayContaining([
        './deploy/compose/prometheus.yml:/etc/thermostream/compose/prometheus.yml:ro',
        './deploy/prometheus/alerts.yml:/etc/thermostream/prometheus/alerts.yml:ro',
      ]),
    );
    expect(config.rule_files).toEqual(['../prometheus/alerts.yml']);
  });

  it('passes promtool check config, rule file included', () => {
    const promtool = spawnSync('promtool', ['check', 'config', fromRepositoryRoot('deploy/compose/prometheus.yml')], { encoding: 'utf8' });
    if (promtool.error) throw new Error(`promtool is not installed: run \`bash deploy/native/install-promtool.sh\` (${promtool.error.message})`);
    expect({ status: promtool.status, output: promtool.stdout + promtool.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 1 rule files found') });
  });

  it('provisions Grafana with the Prometheus data source and the thermostream dashboard', () => {
    const datasources = parse(readFileSync(fromRepositoryRoot('deploy/compose/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { type: string; url: string; isDefault: boolean }[];
    };
    expect(datasources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true })]);
    const dashboards = parse(readFileSync(fromRepositoryRoot('deploy/compose/grafana/provisioning/dashboards/thermostream.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardMount = serviceOf('grafana').volumes?.find((volume) => volume.startsWith('./deploy/grafana/thermostream.json:'));
    expect(dashboardMount?.split(':')[1]).toBe(`${dashboards.providers[0]?.options.path}/thermostream.json`);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(fromRepositoryRoot('deploy/Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const indexOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));

  it('installs production dependencies only, in a build stage, after the Kafka client patch is in place', () => {
    expect(lines.filter((line) => line.startsWith('FROM '))).toEqual(['FROM node:26-bookworm-slim AS build', 'FROM node:26-bookworm-slim']);
    const install = indexOf(/^RUN pnpm install --frozen-lockfile --prod /);
    expect(install).toBeGreaterThan(indexOf(/^COPY patches patches$/));
    expect(install).toBeLessThan(indexOf(/^FROM node:26-bookworm-slim$/));
    expect(indexOf(/^COPY --from=build \/app \/app$/)).toBeGreaterThan(install);
  });

  it('runs as the non-root user the Helm chart expects, with a health check on /healthz', () => {
    const values = parse(readFileSync(fromRepositoryRoot('deploy/helm/thermostream/values.yaml'), 'utf8')) as { podSecurityContext: { runAsUser: number; runAsGroup: number } };
    expect(lines).toContain(`USER ${values.podSecurityContext.runAsUser}:${values.podSecurityContext.runAsGroup}`);
    expect(lines.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/CMD \["node", "deploy\/healthcheck\.mjs"\]$/);
  });

  it('keeps out of the build context what the image does not need, and keeps the health check in', () => {
    const ignored = readFileSync(fromRepositoryRoot('.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', '.thermostream', 'test', 'deploy/*', '!deploy/healthcheck.mjs']));
  });
});

describe('deploy/healthcheck.mjs', () => {
  let server: Server;
  let healthStatus = 200;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/healthz' ? healthStatus : 404;
      response.end(healthStatus === 200 ? 'ok' : 'consumer stalled');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Runs the health check as Docker does, with only the given environment. */
  const check = (environment: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [fromRepositoryRoot('deploy/healthcheck.mjs')], { env: environment });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });

  it('passes while /healthz answers 200 on METRICS_PORT, and fails with the reason once it answers 503', async () => {
    healthStatus = 200;
    expect((await check({ SERVICE: 'filter', METRICS_PORT: String(port) })).code).toBe(0);
    healthStatus = 503;
    expect(await check({ SERVICE: 'filter', METRICS_PORT: String(port) })).toEqual({ code: 1, stderr: expect.stringContaining('/healthz answered 503: consumer stalled') });
  });

  it('asks http-ingest on INGEST_PORT', async () => {
    healthStatus = 200;
    expect((await check({ SERVICE: 'http-ingest', INGEST_PORT: String(port), METRICS_PORT: '1' })).code).toBe(0);
  });

  it('fails when nothing listens, and names an unknown service', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await check({ SERVICE: 'filter', METRICS_PORT: String(freePort) })).toEqual({ code: 1, stderr: expect.stringContaining('did not answer') });
    expect(await check({ SERVICE: 'nothing' })).toEqual({ code: 1, stderr: expect.stringContaining('SERVICE must name a thermostream service') });
  });
});
