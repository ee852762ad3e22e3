import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export interface OpsOptions {
  metrics: Metrics;
  /** True once the service does its job (connected, joined its group); /readyz answers 503 before. */
  isReady: () => boolean;
  /** Whether the process still works (a consumer not stalled); /healthz answers 503 with the reason when not. */
  health?: () => { healthy: true } | { healthy: false; reason: string };
}

/**
 * /metrics (Prometheus text), /healthz (the process works: restart it when this fails) and /readyz
 * (it is doing its job: send it work).
 */
export function registerOpsRoutes(app: FastifyInstance, options: OpsOptions): void {
  app.get('/metrics', { schema: opsSchemas.metrics }, async (_request, reply) => {
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
  app.get('/healthz', { schema: opsSchemas.healthz }, async (_request, reply) => {
    const health = options.health?.() ?? { healthy: true };
    if (health.healthy) return { status: 'ok' };
    reply.code(503);
    return { status: 'stalled', reason: health.reason };
  });
  app.get('/readyz', { schema: opsSchemas.readyz }, async (_request, reply) => {
    if (options.isReady()) return { status: 'ready' };
    reply.code(503);
    return { status: 'starting' };
  });
}

const status = (values: readonly string[], extra: Record<string, unknown> = {}) => ({
  'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: values }, ...extra } } },
});

/** What the ops routes answer, for a service that describes its HTTP API in OpenAPI. */
const opsSchemas = {
  metrics: {
    summary: 'Prometheus metrics',
    tags: ['operations'],
    response: { 200: { description: 'The Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
  },
  healthz: {
    summary: 'Whether the process works (restart it when this fails)',
    tags: ['operations'],
    response: {
      200: { description: 'It works.', content: status(['ok']) },
      503: { description: 'It is stalled, and says why.', content: status(['stalled'], { reason: { type: 'string' } }) },
    },
  },
  readyz: {
    summary: 'Whether it is doing its job (send it work)',
    tags: ['operations'],
    response: {
      200: { description: 'Ready.', content: status(['ready']) },
      503: { description: 'Still starting.', content: status(['starting']) },
    },
  },
};

/** The ops server of a service without an HTTP API of its own; port 0 picks a free port. */
export async function startOpsServer(
  options: OpsOptions & { host: string; port: number; logger: Logger },
): Promise<{ port: number; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  registerOpsRoutes(app, options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  options.logger.info({ port, host: options.host }, 'ops server listening: /metrics /healthz /readyz');
  return { port, close: () => app.close() };
}
