import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RawReading, RejectedRecord } from '@thermostream/avro';
import type { Logger, Metrics } from '@thermostream/observability';
import { rejectsByReason, type IngestProblemCode } from '@thermostream/readings';
import { acceptReadings } from './accept-readings.ts';
import type { ApiKeys } from './api-keys.ts';
import { openApiOptions, postReadingsSchema, readingSchema } from './openapi.ts';
import { parseBody, RequestProblem, type BodyFormat } from './parse-body.ts';
import { problemDetails, problemMediaType } from './problem.ts';

export interface IngestConfig {
  maxBodyBytes: number;
  maxRecords: number;
  maxInFlightBytes: number;
  /** How long a request waits for the broker's acknowledgement before its partner gets a 503. */
  ackTimeoutMs: number;
  /** Requests per partner and minute; 0 means no limit. */
  rateLimitPerMinute: number;
}

export interface IngestDeps {
  /** The keys in force; they may be replaced while the app runs. */
  apiKeys: ApiKeys;
  /** Resolves once Kafka acknowledged every record; rejects when it cannot take them. */
  publish(readings: RawReading[], rejects: RejectedRecord[]): Promise<void>;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  newRequestId?: () => string;
}

const formats = new Map<string, BodyFormat>([
  ['application/json', 'json'],
  ['application/x-ndjson', 'ndjson'],
]);
/** Content-Encoding values understood, and whether each means gzip. */
const encodings = new Map([
  ['', false],
  ['identity', false],
  ['gzip', true],
]);

/** Fastify's own refusals of a request, as our codes. */
const fastifyErrors = new Map<string, IngestProblemCode>([
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'INGEST_UNSUPPORTED_MEDIA_TYPE'],
  ['FST_ERR_CTP_BODY_TOO_LARGE', 'INGEST_BODY_TOO_LARGE'],
]);

/**
 * The HTTP API, its OpenAPI description (/openapi.json) and its interactive page (/docs); main.ts
 * adds the ops routes and listens. Routes are declared in plugins registered after swagger and the
 * rate limiter, which see routes only as they are added.
 */
export function buildApp(config: IngestConfig, deps: IngestDeps): FastifyInstance {
  const now = deps.now ?? Date.now;
  const newRequestId = deps.newRequestId ?? randomUUID;
  // The partner found by the auth hook, so the key is digested once per request.
  const partners = new WeakMap<FastifyRequest, string>();
  let inFlightBytes = 0;
  const app = Fastify({ logger: false, bodyLimit: config.maxBodyBytes, genReqId: () => newRequestId() });

  app.addSchema(readingSchema);
  app.register(swagger, {
    openapi: openApiOptions,
    // Shared schemas keep their names in components.schemas (Reading, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`) },
  });
  // Its assets come from the package: the page works without any network.
  app.register(swaggerUi, { routePrefix: '/docs', theme: { title: 'thermostream ingest API' }, uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.register(rateLimit, { global: false });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // A client that hangs up mid-body never reaches the handler: its half request is dropped, and counted here.
  app.addHook('onRequestAbort', async (request) => {
    if (request.routeOptions.url === '/v1/readings') deps.metrics.increment('thermostream_ingest_aborted_requests_total');
  });
  for (const type of formats.keys()) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const sendProblem = (request: FastifyRequest, reply: FastifyReply, code: IngestProblemCode, detail?: string) => {
    const problem = problemDetails(code, request.id, detail);
    // A client that hung up mid-body is counted as aborted, not as a request answered: its connection
    // is gone (the request's own stream is destroyed too once a whole body was read, so it cannot tell).
    if (request.raw.socket?.destroyed !== true) deps.metrics.increment('thermostream_ingest_requests_total', { status: String(problem.status) });
    if (problem.status === 503) reply.header('retry-after', '1');
    return reply.code(problem.status).type(problemMediaType).send(problem);
  };

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 'INGEST_ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) => {
    if (error instanceof RequestProblem) return sendProblem(request, reply, error.code, error.message);
    const known = fastifyErrors.get(error.code ?? '');
    if (known !== undefined) return sendProblem(request, reply, known);
    // Any other refusal of Fastify's (a malformed Content-Length…) is a request that cannot be read.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return sendProblem(request, reply, 'INGEST_BODY_UNPARSEABLE', error.message);
    deps.logger.error({ err: error, requestId: request.id }, 'request failed');
    return sendProblem(request, reply, 'INGEST_INTERNAL');
  });

  app.register(async (routes) => {
    routes.post('/v1/readings', {
      schema: postReadingsSchema,
      // The schema describes; the handler validates, because an invalid reading is a per-record error in a 200, not a 400.
      validatorCompiler: () => () => true,
      ...(config.rateLimitPerMinute > 0
        ? {
            config: {
              rateLimit: {
                max: config.rateLimitPerMinute,
                timeWindow: 60_000,
                // After the key check (route hooks run in order): the limit counts a partner's requests, whatever key it used.
                keyGenerator: (request: FastifyRequest) => partners.get(request)!,
                errorResponseBuilder: (request: FastifyRequest, context: { max: number; after: string }) =>
                  new RequestProblem('INGEST_RATE_LIMITED', `partner ${partners.get(request)} sent more than ${context.max} requests this minute; retry in ${context.after}`),
              },
            },
          }
        : {}),
      onRequest: async (request, reply) => {
        const partner = deps.apiKeys.partnerOf(request.headers['x-api-key'] as string | undefined);
        if (partner === null) return sendProblem(request, reply, 'INGEST_UNAUTHORIZED');
        partners.set(request, partner);
      },
      handler: async (request, reply) => {
        const started = process.hrtime.bigint();
        const partner = partners.get(request)!;
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        // Fastify's own text/plain parser, or no Content-Type at all, also reach this handler.
        const format = formats.get(contentType);
        if (format === undefined) return sendProblem(request, reply, 'INGEST_UNSUPPORTED_MEDIA_TYPE');
        const gzip = encodings.get((request.headers['content-encoding'] ?? '').trim().toLowerCase());
        if (gzip === undefined) return sendProblem(request, reply, 'INGEST_UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip, or absent.');
        const body = request.body as Buffer;
        deps.metrics.increment('thermostream_ingest_bytes_total', {}, body.length);
        const ingest = { received_at: now(), partner, request_id: request.id };

        // A RequestProblem thrown here is answered by the error handler.
        const records = parseBody(body, { format, gzip, maxBytes: config.maxBodyBytes, maxRecords: config.maxRecords });
        const sorted = acceptReadings(records, ingest);

        if (inFlightBytes + body.length > config.maxInFlightBytes) {
          return sendProblem(request, reply, 'INGEST_KAFKA_UNAVAILABLE', 'too many readings are waiting for Kafka; nothing of this request was accepted');
        }
        inFlightBytes += body.length;
        const sending = deps.publish(sorted.accepted, sorted.rejected);
        // The producer goes on retrying a send after its partner got a 503, holding the records: the
        // budget is released when the send ends, so a broker outage fills it and memory stays bounded.
        const release = () => void (inFlightBytes -= body.length);
        sending.then(release, release);
        try {
          await withTimeout(sending, config.ackTimeoutMs);
        } catch (error) {
          deps.logger.warn({ err: error, requestId: ingest.request_id, partner }, 'Kafka did not take the readings');
          return sendProblem(request, reply, 'INGEST_KAFKA_UNAVAILABLE');
        }

        deps.metrics.observe('thermostream_ingest_ack_seconds', Number(process.hrtime.bigint() - started) / 1e9);
        deps.metrics.increment('thermostream_ingest_readings_total', { outcome: 'accepted' }, sorted.accepted.length);
        deps.metrics.increment('thermostream_ingest_readings_total', { outcome: 'rejected' }, sorted.rejected.length);
        for (const [reason, count] of rejectsByReason(sorted.rejected)) deps.metrics.increment('thermostream_readings_rejected_total', { reason }, count);
        deps.metrics.increment('thermostream_ingest_requests_total', { status: '200' });
        deps.logger.info(
          { requestId: ingest.request_id, partner, accepted: sorted.accepted.length, rejected: sorted.rejected.length },
          'readings received',
        );
        return { request_id: ingest.request_id, accepted: sorted.accepted.length, rejected: sorted.rejected.length, errors: sorted.errors };
      },
    });
  });

  return app;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
