import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger, createMetrics, metricDefinitions, metricsMarkdownTable, registerOpsRoutes } from './index.ts';

describe('ops routes', () => {
  async function appWith(ready: boolean, health?: () => { healthy: true } | { healthy: false; reason: string }) {
    const metrics = createMetrics({ service: 'filter', collectDefaults: false });
    metrics.increment('thermostream_records_consumed_total', { topic: 'readings.raw' }, 3);
    const app = Fastify();
    registerOpsRoutes(app, { metrics, isReady: () => ready, ...(health ? { health } : {}) });
    return app;
  }

  it('serves the Prometheus text with the service label and the declared help', async () => {
    const response = await (await appWith(true)).inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('# HELP thermostream_records_consumed_total Kafka records consumed and handled.');
    expect(response.body).toContain('thermostream_records_consumed_total{topic="readings.raw",service="filter"} 3');
  });

  it('answers /healthz 503 with the reason while the service reports itself stalled, and 200 again after', async () => {
    let stalled = true;
    const app = await appWith(true, () => (stalled ? { healthy: false, reason: 'no batch committed for 130 s with 12 records of lag' } : { healthy: true }));
    const failing = await app.inject({ method: 'GET', url: '/healthz' });
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toEqual({ status: 'stalled', reason: 'no batch committed for 130 s with 12 records of lag' });
    stalled = false;
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers /readyz 503 until the service is ready, while /healthz does not depend on readiness', async () => {
    const starting = await appWith(false);
    expect((await starting.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await starting.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await (await appWith(true)).inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with service and level, and redacts secrets', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ service: 'http-ingest', level: 'info', destination });
    logger.info({ apiKey: 'secret-key', headers: { 'x-api-key': 'secret-key' }, partner: 'acme' }, 'request');
    logger.debug({}, 'not written at info');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ service: 'http-ingest', level: 'info', msg: 'request', partner: 'acme', apiKey: '[redacted]' });
    expect(lines[0]).not.toContain('secret-key');
  });
});

describe('metric declarations', () => {
  it('lists every declared metric in the README table', () => {
    const table = metricsMarkdownTable();
    for (const name of Object.keys(metricDefinitions)) expect(table).toContain(`\`${name}\``);
  });
});
