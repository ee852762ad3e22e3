import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RawReading, RejectedRecord } from '@thermostream/avro';
import type { Logger, Metrics } from '@thermostream/observability';
import { ingestProblems, rejectsByReason, type IngestProblemCode } from '@thermostream/readings';
import { acceptReadings } from './accept-readings.ts';
import { createKeyChecker } from './api-keys.ts';
import type { PartnerKey } from './config.ts';
import { openApiDocument } from './openapi.ts';
import { parseBody, RequestProblem, type BodyFormat } from './parse-body.ts';

export interface IngestConfig {
  apiKeys: PartnerKey[];
  maxBodyBytes: number;
  maxRecords: number;
  maxInFlightBytes: number;
  /** How long a request waits for the broker's acknowledgement before its partner gets a 503. */
  ackTimeoutMs: number;
}

export interface IngestDeps {
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

/** The HTTP API; main.ts adds the ops routes and listens. */
export function buildApp(config: IngestConfig, deps: IngestDeps): FastifyInstance {
  const now = deps.now ?? Date.now;
  const newRequestId = deps.newRequestId ?? randomUUID;
  const partnerOf = createKeyChecker(config.apiKeys);
  // The partner found by the auth hook, so the key is digested once per request.
  const partners = new WeakMap<FastifyRequest, string>();
  let inFlightBytes = 0;
  const app = Fastify({ logger: false, bodyLimit: config.maxBodyBytes });

  // A client that hangs up mid-body never reaches the handler: its half request is dropped, and counted here.
  app.addHook('onRequestAbort', async (request) => {
    if (request.routeOptions.url === '/v1/readings') deps.metrics.increment('thermostream_ingest_aborted_requests_total');
  });
  for (const type of formats.keys()) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const sendProblem = (reply: FastifyReply, code: IngestProblemCode, message?: string) => {
    const { status, message: meaning } = ingestProblems[code];
    deps.metrics.increment('thermostream_ingest_requests_total', { status: String(status) });
    if (status === 503) reply.header('retry-after', '1');
    return reply.code(status).send({ code, message: message ?? meaning });
  };

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 'INGEST_UNSUPPORTED_MEDIA_TYPE');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'INGEST_BODY_TOO_LARGE');
    if (error.statusCode !== undefined && error.statusCode < 500) return reply.code(error.statusCode).send({ code: error.code, message: error.message });
    deps.logger.error({ err: error }, 'request failed');
    return reply.code(500).send({ code: 'INGEST_INTERNAL', message: 'internal error' });
  });

  app.get('/docs', async () => openApiDocument);

  app.post('/v1/readings', {
    onRequest: async (request, reply) => {
      const partner = partnerOf(request.headers['x-api-key'] as string | undefined);
      if (partner === null) return sendProblem(reply, 'INGEST_UNAUTHORIZED');
      partners.set(request, partner);
    },
    handler: async (request, reply) => {
      const started = process.hrtime.bigint();
      const partner = partners.get(request)!;
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      // Fastify's own text/plain parser, or no Content-Type at all, also reach this handler.
      const format = formats.get(contentType);
      if (format === undefined) return sendProblem(reply, 'INGEST_UNSUPPORTED_MEDIA_TYPE');
      const gzip = encodings.get((request.headers['content-encoding'] ?? '').trim().toLowerCase());
      if (gzip === undefined) return sendProblem(reply, 'INGEST_UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip, or absent.');
      const body = request.body as Buffer;
      deps.metrics.increment('thermostream_ingest_bytes_total', {}, body.length);
      const ingest = { received_at: now(), partner, request_id: newRequestId() };

      let sorted;
      try {
        const records = parseBody(body, {
          format,
          gzip,
          maxBytes: config.maxBodyBytes,
          maxRecords: config.maxRecords,
        });
        sorted = acceptReadings(records, ingest);
      } catch (error) {
        if (error instanceof RequestProblem) return sendProblem(reply, error.code, error.message);
        throw error;
      }

      if (inFlightBytes + body.length > config.maxInFlightBytes) {
        return sendProblem(reply, 'INGEST_KAFKA_UNAVAILABLE', 'too many readings are waiting for Kafka; nothing of this request was accepted');
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
        return sendProblem(reply, 'INGEST_KAFKA_UNAVAILABLE');
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

  return app;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
