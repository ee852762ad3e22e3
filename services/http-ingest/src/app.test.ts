import { gzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import type { RawReading, RejectedRecord } from '@thermostream/avro';
import { createLogger, createMetrics } from '@thermostream/observability';
import { buildApp } from './app.ts';

const reading = { id: 'r-1', timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' };
const key = 'secret-acme-key';

function setup(
  options: { publish?: (readings: RawReading[], rejects: RejectedRecord[]) => Promise<void>; maxRecords?: number; maxInFlightBytes?: number; ackTimeoutMs?: number } = {},
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
  const app = buildApp(
    { apiKeys: [{ partner: 'acme', key }, { partner: 'other', key: 'other-key' }], maxBodyBytes: 64 * 1024, maxRecords: options.maxRecords ?? 100,
      maxInFlightBytes: options.maxInFlightBytes ?? 1024 * 1024,
      ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
    },
    {
      logger: createLogger({ service: 'http-ingest', level: 'debug', destination }),
      metrics,
      now: () => Date.UTC(2026, 10, 24, 12),
      newRequestId: () => 'req-1',
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
  ])('answers %s with %i %s', async (_case, headers, status, code) => {
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
    expect(refused.json().message).toMatch(/too many readings are waiting/);
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

  it('describes itself in OpenAPI at /docs', async () => {
    const { app } = setup();
    const document = (await app.inject({ method: 'GET', url: '/docs' })).json();
    expect(document.paths['/v1/readings'].post.responses).toHaveProperty('413');
    expect(document.components.schemas.Reading.required).toEqual(['id', 'timestamp', 'lat', 'lon', 'temperature']);
  });
});
