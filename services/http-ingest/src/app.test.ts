import { gzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import type { RawReading, RejectedRecord } from '@thermostream/avro';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createApiKeys, type ApiKeys } from './api-keys.ts';
import { buildApp } from './app.ts';
import { ingestProblems, rejectCodes } from '@thermostream/readings';

const reading = { id: 'r-1', timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' };
const key = 'secret-acme-key';

function setup(
  options: {
    publish?: (readings: RawReading[], rejects: RejectedRecord[]) => Promise<void>;
    maxRecords?: number;
    maxInFlightBytes?: number;
    ackTimeoutMs?: number;
    rateLimitPerMinute?: number;
    apiKeys?: ApiKeys;
  } = {},
) {
  const published: { readings: RawReading[]; rejects: RejectedRecord[] }[] = [];
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const metrics = createMetrics({ service: 'http-ingest', collectDefaults: false });
  let requests = 0;
  const app = buildApp(
    {
      maxBodyBytes: 64 * 1024,
      maxRecords: options.maxRecords ?? 100,
      maxInFlightBytes: options.maxInFlightBytes ?? 1024 * 1024,
      ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    },
    {
      apiKeys: options.apiKeys ?? createApiKeys([{ partner: 'acme', key }, { partner: 'other', key: 'other-key' }]),
      logger: createLogger({ service: 'http-ingest', level: 'debug', destination }),
      metrics,
      now: () => Date.UTC(2026, 10, 24, 12),
      newRequestId: () => `req-${++requests}`,
      publish: options.publish ?? (async (readings, rejects) => void published.push({ readings, rejects })),
    },
  );
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/readings', payload: body, headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers } });
  return { app, post, published, logLines, metrics };
}

describe('POST /v1/readings', () => {
  it('accepts a JSON array, stamping partner, receive time and request id, and answers only after publishing', async () => {
    const { post, published } = setup();
    const response = await post(JSON.stringify([reading, { ...reading, id: 'r-2', version: 2 }]));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ request_id: 'req-1', accepted: 2, rejected: 0, errors: [] });
    expect(published).toHaveLength(1);
    expect(published[0]!.readings[1]).toEqual({
      ...reading,
      id: 'r-2',
      version: 2,
      ingest: { received_at: Date.UTC(2026, 10, 24, 12), partner: 'acme', request_id: 'req-1' },
    });
  });

  it('reports each invalid record with its index, id, field and code, and keeps it for readings.rejected', async () => {
    const { post, published } = setup();
    const response = await post(JSON.stringify([reading, { ...reading, id: 'bad', lat: 123 }, 'nonsense']));
    expect(response.json()).toMatchObject({
      accepted: 1,
      rejected: 2,
      errors: [
        { index: 1, id: 'bad', field: 'lat', code: 'LAT_OUT_OF_RANGE' },
        { index: 2, id: null, field: null, code: 'READING_NOT_OBJECT' },
      ],
    });
    expect(published[0]!.rejects.map((reject) => [reject.record_index, reject.reason_code, reject.partner, reject.request_id])).toEqual([
      [1, 'LAT_OUT_OF_RANGE', 'acme', 'req-1'],
      [2, 'READING_NOT_OBJECT', 'acme', 'req-1'],
    ]);
  });

  it('reads NDJSON, where a line that is not JSON is one rejected record', async () => {
    const { post } = setup();
    const body = `${JSON.stringify(reading)}\n{not json\n\n${JSON.stringify({ ...reading, id: 'r-3' })}\n`;
    const response = await post(body, { 'content-type': 'application/x-ndjson' });
    expect(response.json()).toMatchObject({ accepted: 2, rejected: 1, errors: [{ index: 1, code: 'RECORD_UNPARSEABLE' }] });
  });

  it('keeps an NDJSON line that is not JSON, as it came, in its rejected record', async () => {
    const { post, published } = setup();
    await post(`${JSON.stringify(reading)}\n{"id":"r-2",\n`, { 'content-type': 'application/x-ndjson' });
    expect(published[0]!.rejects).toMatchObject([{ record_index: 1, reason_code: 'RECORD_UNPARSEABLE', payload: '{"id":"r-2",' }]);
  });

  it('reads gzip bodies', async () => {
    const { post } = setup();
    const response = await post(gzipSync(JSON.stringify([reading])), { 'content-encoding': 'gzip' });
    expect(response.json()).toMatchObject({ accepted: 1 });
  });

  it.each([
    ['no key', { 'x-api-key': '' }, 401, 'INGEST_UNAUTHORIZED'],
    ['a wrong key', { 'x-api-key': 'secret-acme-kez' }, 401, 'INGEST_UNAUTHORIZED'],
    ['an unknown content type', { 'content-type': 'text/csv' }, 415, 'INGEST_UNSUPPORTED_MEDIA_TYPE'],
  ])('answers %s (headers %j) with %i %s', async (_case, headers, status, code) => {
    const { post, published } = setup();
    const response = await post(JSON.stringify([reading]), headers);
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
    expect(published).toHaveLength(0);
  });

  it.each([
    ['text/plain, which Fastify parses by itself', { 'content-type': 'text/plain' }],
    ['a Content-Encoding other than gzip', { 'content-encoding': 'br' }],
  ])('answers 415 for %s, and publishes nothing', async (_case, headers) => {
    const { post, published } = setup();
    const response = await post(JSON.stringify([reading]), headers);
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('INGEST_UNSUPPORTED_MEDIA_TYPE');
    expect(published).toHaveLength(0);
  });

  it('answers 415, not a server error, to a request with neither Content-Type nor body', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'POST', url: '/v1/readings', headers: { 'x-api-key': key } });
    expect(response.statusCode).toBe(415);
  });

  it('answers 400 for a body that is not JSON, or not an array', async () => {
    const { post } = setup();
    expect((await post('[{"id":')).json()).toMatchObject({ code: 'INGEST_BODY_UNPARSEABLE' });
    expect((await post('{"id":"r-1"}')).statusCode).toBe(400);
  });

  it('answers 413 over the byte limit (raw or decompressed) and over the record limit', async () => {
    const { post } = setup({ maxRecords: 2 });
    expect((await post(JSON.stringify([reading, reading, reading]))).json()).toMatchObject({ code: 'INGEST_TOO_MANY_RECORDS' });
    const big = JSON.stringify(Array.from({ length: 2 }, () => ({ ...reading, country: 'x'.repeat(40_000) })));
    expect((await post(big)).statusCode).toBe(413);
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 32));
    const response = await post(bomb, { 'content-encoding': 'gzip' });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('INGEST_BODY_TOO_LARGE');
  });

  it('answers 503 with Retry-After and accepts nothing when Kafka cannot take the readings', async () => {
    const { post, metrics } = setup({ publish: async () => Promise.reject(new Error('broker down')) });
    const response = await post(JSON.stringify([reading]));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ code: 'INGEST_KAFKA_UNAVAILABLE' });
    expect(await metrics.registry.metrics()).not.toContain('thermostream_ingest_readings_total{outcome="accepted"');
  });

  it('answers 503 once the acknowledgement is late, and holds the request’s bytes in the budget until the send ends', async () => {
    const pending: (() => void)[] = [];
    const { post } = setup({
      publish: () => new Promise<void>((resolve) => pending.push(resolve)),
      ackTimeoutMs: 50,
      maxInFlightBytes: 200,
    });
    const body = JSON.stringify([reading]);
    const late = await post(body);
    expect(late.statusCode).toBe(503);
    expect(late.json().code).toBe('INGEST_KAFKA_UNAVAILABLE');
    // The producer still holds the first request's records: a second would exceed the budget.
    const refused = await post(body);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().detail).toMatch(/too many readings are waiting/);
    expect(pending).toHaveLength(1);
    pending[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    const next = post(body);
    await new Promise((resolve) => setTimeout(resolve, 10));
    pending[1]!();
    expect((await next).statusCode).toBe(200);
  });

  it('never writes an API key to the log', async () => {
    const { post, logLines } = setup();
    await post(JSON.stringify([reading]));
    await post(JSON.stringify([reading]), { 'x-api-key': 'wrong-but-secret' });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(key);
    expect(logLines.join('')).not.toContain('wrong-but-secret');
  });

  it('answers a request refused as a whole with an RFC 9457 problem naming its code and the request', async () => {
    const { post } = setup({ maxRecords: 2 });
    const response = await post(JSON.stringify([reading, reading, reading]));
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'urn:thermostream:problem:INGEST_TOO_MANY_RECORDS',
      title: ingestProblems.INGEST_TOO_MANY_RECORDS.title,
      status: 413,
      detail: '3 readings in one request; the limit is 2',
      instance: 'urn:thermostream:request:req-1',
      code: 'INGEST_TOO_MANY_RECORDS',
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/v1/reading?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'INGEST_ROUTE_NOT_FOUND', status: 404, detail: 'no route GET /v1/reading' });
  });

  it('answers a failure of its own with a 500 INGEST_INTERNAL problem, and logs the error under the request id', async () => {
    const { post, logLines } = setup({
      publish: () => {
        throw new Error('a bug in publishing');
      },
    });
    const response = await post(JSON.stringify([reading]));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INGEST_INTERNAL', instance: 'urn:thermostream:request:req-1' });
    expect(response.body).not.toContain('a bug in publishing');
    expect(logLines.join('')).toMatch(/"requestId":"req-1".*a bug in publishing|a bug in publishing.*"requestId":"req-1"/);
  });

  it('takes keys replaced while it runs: the old key is refused, the new one names its partner', async () => {
    const apiKeys = createApiKeys([{ partner: 'acme', key }]);
    const { post, published } = setup({ apiKeys });
    apiKeys.replace([{ partner: 'acme', key: 'rotated-acme-key' }]);
    expect((await post(JSON.stringify([reading]))).statusCode).toBe(401);
    expect((await post(JSON.stringify([reading]), { 'x-api-key': 'rotated-acme-key' })).statusCode).toBe(200);
    expect(published[0]!.readings[0]!.ingest!.partner).toBe('acme');
  });

  it('limits each partner, whatever its key, to its requests per minute with 429 and Retry-After, leaving the others alone', async () => {
    const apiKeys = createApiKeys([{ partner: 'acme', key }, { partner: 'acme', key: 'second-acme-key' }, { partner: 'other', key: 'other-key' }]);
    const { post, metrics } = setup({ rateLimitPerMinute: 2, apiKeys });
    // Refused keys name no partner and take nothing from anyone's allowance.
    expect((await post(JSON.stringify([reading]), { 'x-api-key': 'wrong' })).statusCode).toBe(401);
    expect((await post(JSON.stringify([reading]))).statusCode).toBe(200);
    expect((await post(JSON.stringify([reading]), { 'x-api-key': 'second-acme-key' })).statusCode).toBe(200);
    const limited = await post(JSON.stringify([reading]));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'INGEST_RATE_LIMITED', status: 429, detail: expect.stringMatching(/partner acme sent more than 2 requests/) });
    expect((await post(JSON.stringify([reading]), { 'x-api-key': 'other-key' })).statusCode).toBe(200);
    expect(await metrics.registry.metrics()).toContain('thermostream_ingest_requests_total{status="429",service="http-ingest"} 1');
  });

  it('sets no limit when the rate limit is 0', async () => {
    const { post } = setup({ rateLimitPerMinute: 0 });
    for (let index = 0; index < 5; index++) expect((await post(JSON.stringify([reading]))).statusCode).toBe(200);
  });
});

describe('the API description', () => {
  interface Operation {
    requestBody: { content: Record<string, unknown> };
    responses: Record<string, { content: Record<string, unknown>; headers?: Record<string, unknown> }>;
    parameters: { in: string; name: string }[];
    security: unknown[];
  }

  it('serves at /openapi.json every status of POST /v1/readings with its body, both formats and the key', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const operation = document.paths['/v1/readings'].post as Operation;
    expect(Object.keys(operation.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '413', '415', '429', '500', '503']);
    expect(Object.keys(operation.responses['200']!.content)).toEqual(['application/json']);
    for (const status of ['400', '401', '413', '415', '429', '500', '503']) expect(Object.keys(operation.responses[status]!.content)).toEqual(['application/problem+json']);
    expect(Object.keys(operation.responses['429']!.headers ?? {})).toEqual(['retry-after']);
    expect(Object.keys(operation.responses['503']!.headers ?? {})).toEqual(['retry-after']);
    expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'content-encoding' }));
    expect(operation.security).toEqual([{ apiKey: [] }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(document.components.schemas.Reading.required).toEqual(['id', 'timestamp', 'lat', 'lon', 'temperature']);
    const text = JSON.stringify(document);
    const routeCodes = Object.keys(ingestProblems).filter((code) => code !== 'INGEST_ROUTE_NOT_FOUND');
    for (const code of [...Object.keys(rejectCodes), ...routeCodes]) expect(text).toContain(`"${code}"`);
  });

  it('serves the interactive page at /docs, with its assets from the service itself', async () => {
    const { app } = setup();
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>thermostream ingest API</title>');
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[^"']*\.(js|css)/);
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    // The page loads the same description as /openapi.json, from beside itself.
    const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).json()).toEqual((await app.inject({ method: 'GET', url: '/openapi.json' })).json());
  });
});
