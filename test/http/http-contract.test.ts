import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { runConsumer, topics, type InboundRecord, type KafkaContext, type Topic, type TopicValue } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { ingestProblems, rejectCodes, type RejectCode } from '@thermostream/readings';
import { startHttpIngest, type RunningIngest } from '../support/http-ingest.ts';
import { eventually } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, topicRecordCount, uniqueNamespace } from '../support/pipeline-context.ts';
import { startPrivateKafka, type PrivateKafka } from '../support/private-kafka.ts';

interface RecordError {
  index: number;
  id: string | null;
  field: string | null;
  code: string;
  message: string;
}

interface Accepted {
  request_id: string;
  accepted: number;
  rejected: number;
  errors: RecordError[];
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
}

/** The RFC 9457 problem every refusal of a whole request is answered with. */
const problem = (code: keyof typeof ingestProblems) => ({
  type: `urn:thermostream:problem:${code}`,
  title: ingestProblems[code].title,
  status: ingestProblems[code].status,
  detail: expect.any(String),
  instance: expect.stringMatching(/^urn:thermostream:request:[0-9a-f-]{36}$/),
  code,
});

interface Answer<B> {
  status: number;
  headers: Headers;
  body: B;
}

const reading = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  timestamp: '2026-11-24 10:15:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 12.5,
  country: 'France',
  ...fields,
});

const ndjson = (records: readonly unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');
const secret = (partner: string) => `${partner}-${randomBytes(12).toString('hex')}`;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post<B = Accepted>(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer<B>> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as B };
}

/** The sum of a metric's samples whose labels include `labels`, from the service's /metrics. */
async function metricValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const [, sampleLabels = '', value] of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
    if (Object.entries(labels).every(([label, wanted]) => sampleLabels.split(',').includes(`${label}="${wanted}"`))) sum += Number(value);
  }
  return sum;
}

/** Every record of a topic since its beginning, collected for as long as the test runs. */
async function followTopic<T extends Topic>(context: KafkaContext, topic: T) {
  const received: InboundRecord<TopicValue<T>>[] = [];
  const consumer = await runConsumer(context, {
    groupId: `follower-${randomBytes(4).toString('hex')}`,
    topic,
    mode: 'at-least-once',
    serviceName: 'test-follower',
    metrics: createMetrics({ service: 'test-follower', collectDefaults: false }),
    handle: async (records) => {
      received.push(...records);
      return [];
    },
  });
  /** Waits until `count` records match, then returns those seen. */
  const arrived = (what: string, count: number, matches: (value: TopicValue<T>) => boolean) =>
    eventually(
      what,
      async () => received.filter((record) => matches(record.value)),
      (found) => found.length >= count,
      30_000,
    );
  return { received, arrived, stop: () => consumer.stop() };
}

type Follower<T extends Topic> = Awaited<ReturnType<typeof followTopic<T>>>;

describe('http-ingest as a real process: the HTTP contract of POST /v1/readings and GET /docs', () => {
  const namespace = uniqueNamespace('http');
  const keys = { acme: secret('acme'), globex: secret('globex') };
  const limits = { maxBodyBytes: 64 * 1024, maxRecords: 20 };
  /** Ids sent in requests refused as a whole: none of them may ever reach Kafka. */
  const refusedIds = new Set<string>();
  let ingest: RunningIngest;
  let raw: Follower<typeof topics.raw>;
  let rejected: Follower<typeof topics.rejected>;

  const send = <B = Accepted>(body: string | Buffer, headers: Record<string, string>) => post<B>(ingest.readingsUrl, body, headers);
  const as = (partner: keyof typeof keys, contentType = 'application/json', more: Record<string, string> = {}) => ({
    'x-api-key': keys[partner],
    'content-type': contentType,
    ...more,
  });
  const rawOf = (ids: readonly string[]) => raw.arrived(`readings.raw records ${ids.join(', ')}`, ids.length, (value) => ids.includes(value.id));

  beforeAll(async () => {
    ingest = await startHttpIngest(namespace, {
      apiKeys: keys,
      environment: { INGEST_MAX_BODY_BYTES: String(limits.maxBodyBytes), INGEST_MAX_RECORDS: String(limits.maxRecords) },
    });
    const context = await testKafkaContext(namespace);
    [raw, rejected] = await Promise.all([followTopic(context, topics.raw), followTopic(context, topics.rejected)]);
  });

  afterAll(async () => {
    await Promise.all([raw?.stop(), rejected?.stop()]);
    await ingest?.stop();
  });

  it.each([
    ['a JSON array', 'json', 'acme', 'application/json', false],
    ['NDJSON', 'ndjson', 'globex', 'application/x-ndjson', false],
    ['a gzip JSON array', 'json-gzip', 'globex', 'application/json', true],
    ['gzip NDJSON', 'ndjson-gzip', 'acme', 'application/x-ndjson', true],
  ] as const)(
    'answers 200 to %s and puts each reading on readings.raw, keyed by its id, stamped with its key’s partner, the receive time and the request id',
    async (_format, slug, partner, contentType, gzip) => {
      const readings = [
        reading(`${slug}-1`),
        { id: `${slug}-2`, timestamp: '2026-11-24T11:15:00+01:00', lat: 43.3, lon: 5.37, temperature: -3.5, version: 2 },
      ];
      const text = contentType === 'application/json' ? JSON.stringify(readings) : ndjson(readings);
      const sentAt = Date.now();
      const answer = await send(gzip ? gzipSync(text) : text, as(partner, contentType, gzip ? { 'content-encoding': 'gzip' } : {}));
      const answeredAt = Date.now();

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body).toEqual({ request_id: expect.stringMatching(uuid), accepted: 2, rejected: 0, errors: [] });

      const records = await rawOf(readings.map((sent) => sent.id));
      expect(records).toHaveLength(2);
      for (const sent of readings) {
        const record = records.find((candidate) => candidate.value.id === sent.id)!;
        expect(record.key).toBe(sent.id);
        expect(record.value).toEqual({
          country: null,
          version: null,
          ...sent,
          ingest: { partner, request_id: answer.body.request_id, received_at: expect.any(Number) },
        });
        expect(record.value.ingest!.received_at).toBeGreaterThanOrEqual(sentAt);
        expect(record.value.ingest!.received_at).toBeLessThanOrEqual(answeredAt);
      }
    },
  );

  it('reports every per-record error with its index, id, field and code, counts records, and keeps each rejected record on readings.rejected', async () => {
    const { temperature: _temperature, ...withoutTemperature } = reading('e-missing');
    const invalid: [RejectCode, string | null, unknown][] = [
      ['READING_NOT_OBJECT', null, 42],
      ['FIELD_MISSING', 'temperature', withoutTemperature],
      ['FIELD_WRONG_TYPE', 'lat', reading('e-wrong-type', { lat: '48.85' })],
      ['ID_INVALID', 'id', reading('e'.repeat(129))],
      ['TIMESTAMP_INVALID', 'timestamp', reading('e-timestamp', { timestamp: '2026-02-30 10:15:00' })],
      ['LAT_OUT_OF_RANGE', 'lat', reading('e-lat', { lat: 90.5 })],
      ['LON_OUT_OF_RANGE', 'lon', reading('e-lon', { lon: -180.5 })],
      ['TEMPERATURE_OUT_OF_RANGE', 'temperature', reading('e-temperature', { temperature: 70.1 })],
      ['COUNTRY_INVALID', 'country', reading('e-country', { country: 'F'.repeat(101) })],
      ['VERSION_INVALID', 'version', reading('e-version', { version: 1.5 })],
    ];
    // Only consumers of Kafka records meet undecodable values and unreadable batches; an NDJSON line
    // that is not JSON has a test of its own below.
    expect(new Set([...invalid.map(([code]) => code), 'RECORD_UNPARSEABLE'])).toEqual(
      new Set(Object.keys(rejectCodes).filter((code) => code !== 'RECORD_UNDECODABLE' && code !== 'BATCH_UNREADABLE')),
    );
    const twoProblems = reading('e-two-problems', { lat: 91, lon: 181 });
    const body = [reading('e-valid'), ...invalid.map(([, , record]) => record), twoProblems];
    const idOf = (record: unknown) => (record as { id?: string } | null)?.id ?? null;
    const sentAt = Date.now();
    const answer = await send(JSON.stringify(body), as('acme'));
    const answeredAt = Date.now();

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: invalid.length + 1 });
    const twoIndex = invalid.length + 1;
    expect(answer.body.errors).toEqual([
      ...invalid.map(([code, field, record], position) => ({ index: position + 1, id: idOf(record), field, code, message: expect.any(String) })),
      { index: twoIndex, id: 'e-two-problems', field: 'lat', code: 'LAT_OUT_OF_RANGE', message: expect.any(String) },
      { index: twoIndex, id: 'e-two-problems', field: 'lon', code: 'LON_OUT_OF_RANGE', message: expect.any(String) },
    ]);
    expect(answer.body.errors.every((error) => error.message.length > 0)).toBe(true);

    const kept = await rejected.arrived('rejected records of the request', invalid.length + 1, (value) => value.request_id === answer.body.request_id);
    const byIndex = kept.map((record) => record.value).sort((left, right) => left.record_index! - right.record_index!);
    expect(byIndex).toHaveLength(invalid.length + 1);
    invalid.forEach(([code, field, record], position) => {
      expect(byIndex[position]).toMatchObject({
        service: 'http-ingest',
        reason_code: code,
        field,
        reading_id: idOf(record),
        record_index: position + 1,
        partner: 'acme',
        request_id: answer.body.request_id,
      });
      expect(JSON.parse(byIndex[position]!.payload)).toEqual(record);
      expect(byIndex[position]!.rejected_at).toBeGreaterThanOrEqual(sentAt);
      expect(byIndex[position]!.rejected_at).toBeLessThanOrEqual(answeredAt);
    });
    // One rejected record per record, with its first problem as the reason and every problem in the message.
    expect(byIndex[twoIndex - 1]).toMatchObject({ reason_code: 'LAT_OUT_OF_RANGE', field: 'lat', record_index: twoIndex, payload: JSON.stringify(twoProblems) });
    expect(byIndex[twoIndex - 1]!.message).toMatch(/lat.*lon/);

    expect(await rawOf(['e-valid'])).toHaveLength(1);
  });

  it('reads NDJSON line by line: a line that is not JSON is one rejected record, kept on readings.rejected as it came', async () => {
    const broken = '{"id":"nd-broken","lat":';
    const answer = await send(`${JSON.stringify(reading('nd-1'))}\n${broken}\n${JSON.stringify(reading('nd-2'))}\n`, as('globex', 'application/x-ndjson'));

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      accepted: 2,
      rejected: 1,
      errors: [{ index: 1, id: null, field: null, code: 'RECORD_UNPARSEABLE', message: expect.stringMatching(/JSON/) }],
    });
    expect(answer.body.errors).toHaveLength(1);
    const [kept] = await rejected.arrived('the unparseable line', 1, (value) => value.request_id === answer.body.request_id);
    expect(kept!.value).toMatchObject({ reason_code: 'RECORD_UNPARSEABLE', record_index: 1, reading_id: null, partner: 'globex', payload: broken });
    expect(await rawOf(['nd-1', 'nd-2'])).toHaveLength(2);
  });

  it.each([
    ['JSON cut short', 'application/json', false, `[${JSON.stringify(reading('bad-cut'))},{"id":`, ['bad-cut']],
    ['a JSON object instead of an array', 'application/json', false, JSON.stringify(reading('bad-object')), ['bad-object']],
    ['a body announced as gzip that is not', 'application/json', true, JSON.stringify([reading('bad-not-gzip')]), ['bad-not-gzip']],
    ['truncated gzip', 'application/x-ndjson', true, gzipSync(ndjson([reading('bad-gzip-1'), reading('bad-gzip-2')])).subarray(0, 40), ['bad-gzip-1', 'bad-gzip-2']],
  ] as const)('answers 400 INGEST_BODY_UNPARSEABLE to %s', async (_case, contentType, gzip, body, ids) => {
    for (const id of ids) refusedIds.add(id);
    const answer = await send<Problem>(body, as('acme', contentType, gzip ? { 'content-encoding': 'gzip' } : {}));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toEqual(problem('INGEST_BODY_UNPARSEABLE'));
  });

  it.each([
    ['no X-API-Key', (): Record<string, string> => ({})],
    ['an empty key', () => ({ 'x-api-key': '' })],
    ['a longer key', () => ({ 'x-api-key': `${keys.acme}0` })],
    ['a key in other letter case', () => ({ 'x-api-key': keys.globex.toUpperCase() })],
    ['the key in Authorization instead', () => ({ authorization: `Bearer ${keys.acme}` })],
  ])('answers 401 INGEST_UNAUTHORIZED to %s', async (_case, credentials) => {
    refusedIds.add('unauthorized');
    const answer = await send<Problem>(JSON.stringify([reading('unauthorized')]), { 'content-type': 'application/json', ...credentials() });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toEqual({ ...problem('INGEST_UNAUTHORIZED'), detail: ingestProblems.INGEST_UNAUTHORIZED.title });
  });

  it('takes exactly the configured number of bytes and records, and answers 413 to one more', async () => {
    const padTo = (text: string, length: number) => text + ' '.repeat(length - Buffer.byteLength(text));
    const records = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => reading(`${prefix}-${index}`));
    const tooMany = records('over-records', limits.maxRecords + 1);
    const tooManyLines = records('over-ndjson', limits.maxRecords + 1);
    for (const id of ['over-bytes', 'over-gzip', ...[...tooMany, ...tooManyLines].map((sent) => sent.id)]) refusedIds.add(id);

    const atBytes = await send(padTo(JSON.stringify([reading('at-bytes')]), limits.maxBodyBytes), as('acme'));
    expect(atBytes.status).toBe(200);
    const overBytes = await send<Problem>(padTo(JSON.stringify([reading('over-bytes')]), limits.maxBodyBytes + 1), as('acme'));
    expect([overBytes.status, overBytes.body.code]).toEqual([413, 'INGEST_BODY_TOO_LARGE']);

    // Small on the wire, over the limit once decompressed.
    const atGzip = await send(gzipSync(padTo(JSON.stringify([reading('at-gzip')]), limits.maxBodyBytes)), as('acme', 'application/json', { 'content-encoding': 'gzip' }));
    expect(atGzip.status).toBe(200);
    const bomb = gzipSync(padTo(JSON.stringify([reading('over-gzip')]), limits.maxBodyBytes + 1));
    expect(bomb.length).toBeLessThan(limits.maxBodyBytes / 10);
    const overGzip = await send<Problem>(bomb, as('acme', 'application/json', { 'content-encoding': 'gzip' }));
    expect([overGzip.status, overGzip.body.code]).toEqual([413, 'INGEST_BODY_TOO_LARGE']);

    const atRecords = await send(JSON.stringify(records('at-records', limits.maxRecords)), as('acme'));
    expect([atRecords.status, atRecords.body.accepted]).toEqual([200, limits.maxRecords]);
    const overRecords = await send<Problem>(JSON.stringify(tooMany), as('acme'));
    expect([overRecords.status, overRecords.body.code]).toEqual([413, 'INGEST_TOO_MANY_RECORDS']);
    const overNdjson = await send<Problem>(gzipSync(ndjson(tooManyLines)), as('globex', 'application/x-ndjson', { 'content-encoding': 'gzip' }));
    expect([overNdjson.status, overNdjson.body.code]).toEqual([413, 'INGEST_TOO_MANY_RECORDS']);

    expect(await rawOf(['at-bytes', 'at-gzip', ...records('at-records', limits.maxRecords).map((sent) => sent.id)])).toHaveLength(limits.maxRecords + 2);
  });

  it.each([
    ['text/csv', () => ({ 'content-type': 'text/csv' }), JSON.stringify([reading('unsupported')])],
    ['text/plain', () => ({ 'content-type': 'text/plain' }), JSON.stringify([reading('unsupported')])],
    ['no Content-Type', (): Record<string, string> => ({}), Buffer.from(JSON.stringify([reading('unsupported')]))],
    ['Content-Encoding br', () => ({ 'content-type': 'application/json', 'content-encoding': 'br' }), JSON.stringify([reading('unsupported')])],
    [
      'Content-Encoding deflate',
      () => ({ 'content-type': 'application/json', 'content-encoding': 'deflate' }),
      deflateSync(JSON.stringify([reading('unsupported')])),
    ],
  ])('answers 415 INGEST_UNSUPPORTED_MEDIA_TYPE to %s', async (_case, headers, body) => {
    refusedIds.add('unsupported');
    const answer = await send<Problem>(body, { 'x-api-key': keys.acme, ...headers() });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(problem('INGEST_UNSUPPORTED_MEDIA_TYPE'));
  });

  it('describes POST /v1/readings, its key, both formats, every status it answers and the ops routes at /openapi.json, and shows them at /docs', async () => {
    const response = await fetch(`${ingest.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
      paths: Record<string, { get?: unknown; post?: { requestBody: { content: Record<string, unknown> }; responses: Record<string, unknown> } }>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.values(document.components.securitySchemes)).toContainEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }));
    const readings = document.paths['/v1/readings']?.post;
    expect(Object.keys(readings?.requestBody.content ?? {}).sort()).toEqual(['application/json', 'application/x-ndjson']);
    expect(Object.keys(readings?.responses ?? {}).sort()).toEqual(['200', '400', '401', '413', '415', '429', '500', '503']);
    for (const route of ['/metrics', '/healthz', '/readyz']) expect(document.paths[route]?.get).toBeDefined();
    const documentText = JSON.stringify(document);
    for (const code of [...Object.keys(rejectCodes), ...Object.keys(ingestProblems).filter((code) => code !== 'INGEST_ROUTE_NOT_FOUND')]) {
      expect(documentText).toContain(`"${code}"`);
    }

    const page = await fetch(`${ingest.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${ingest.baseUrl}/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const answer = await post<Problem>(`${ingest.baseUrl}/v2/readings`, '[]', as('acme'));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(problem('INGEST_ROUTE_NOT_FOUND'));
  });

  it('survives a client that sends half a body and hangs up: nothing of it is published, it is counted as aborted, and the next request works', async () => {
    // The most readings a request may hold, padded to most of the byte limit: half the body holds complete readings.
    const paddedBody = (prefix: string) =>
      Buffer.from(`[${Array.from({ length: limits.maxRecords }, (_, index) => `${JSON.stringify(reading(`${prefix}-${index}`))}${' '.repeat(2_500)}`).join(',')}]`);
    const abandoned = paddedBody('half');
    expect(abandoned.length).toBeLessThan(limits.maxBodyBytes);
    for (let index = 0; index < limits.maxRecords; index++) refusedIds.add(`half-${index}`);
    const countedBefore = await metricValue(ingest.baseUrl, 'thermostream_ingest_requests_total');
    const acceptedBefore = await metricValue(ingest.baseUrl, 'thermostream_ingest_readings_total', { outcome: 'accepted' });
    const abortedBefore = await metricValue(ingest.baseUrl, 'thermostream_ingest_aborted_requests_total');

    const answered = await new Promise<boolean>((resolve) => {
      const client = request(ingest.readingsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': keys.acme, 'content-length': String(abandoned.length) },
      });
      client.once('response', () => resolve(true));
      client.once('error', () => resolve(false));
      client.once('close', () => resolve(false));
      client.write(abandoned.subarray(0, abandoned.length / 2), () => setTimeout(() => client.destroy(), 300));
    });
    expect(answered).toBe(false);

    expect((await fetch(`${ingest.baseUrl}/healthz`)).status).toBe(200);
    const whole = await send(paddedBody('whole'), as('acme'));
    expect([whole.status, whole.body.accepted]).toEqual([200, limits.maxRecords]);
    await rawOf(Array.from({ length: limits.maxRecords }, (_, index) => `whole-${index}`));
    expect(raw.received.filter((record) => record.value.id.startsWith('half-'))).toEqual([]);
    // Counted as abandoned, not as received.
    await eventually('aborted requests', () => metricValue(ingest.baseUrl, 'thermostream_ingest_aborted_requests_total'), (count) => count === abortedBefore + 1, 5_000);
    expect(await metricValue(ingest.baseUrl, 'thermostream_ingest_requests_total')).toBe(countedBefore + 1);
    expect(await metricValue(ingest.baseUrl, 'thermostream_ingest_readings_total', { outcome: 'accepted' })).toBe(acceptedBefore + limits.maxRecords);
  });

  it('publishes nothing of any request refused as a whole, on readings.raw or readings.rejected', async () => {
    // The last readings to arrive: anything a refused request had published would have come before.
    await send(JSON.stringify([reading('last')]), as('globex'));
    await rawOf(['last']);
    expect(refusedIds.size).toBeGreaterThan(0);
    expect(raw.received.filter((record) => refusedIds.has(record.value.id))).toEqual([]);
    expect(rejected.received.filter((record) => refusedIds.has(record.value.reading_id ?? ''))).toEqual([]);
  });

  it('never writes an API key to its log, which does record each partner’s requests', async () => {
    const log = readFileSync(ingest.process.logFile, 'utf8');
    expect(log).toMatch(/"partner":"acme".*"msg":"readings received"/);
    expect(log).toMatch(/"partner":"globex".*"msg":"readings received"/);
    for (const key of [keys.acme, keys.globex, keys.globex.toUpperCase()]) expect(log).not.toContain(key);
  });
});

describe('http-ingest when its Kafka broker dies', () => {
  const namespace = uniqueNamespace('http');
  const key = secret('acme');
  const ackTimeoutMs = 2_000;
  const acknowledged: string[] = [];
  const answered503: string[] = [];
  /** Ids on readings.raw and readings.rejected once the broker is back. */
  const published: string[] = [];
  let kafka: PrivateKafka;
  let ingest: RunningIngest;
  let context: KafkaContext;
  const send = <B = Accepted>(readings: readonly unknown[]) => post<B>(ingest.readingsUrl, JSON.stringify(readings), { 'content-type': 'application/json', 'x-api-key': key });

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    ingest = await startHttpIngest(namespace, {
      apiKeys: { acme: key },
      environment: { KAFKA_BROKERS: kafka.brokers.join(','), INGEST_ACK_TIMEOUT_MS: String(ackTimeoutMs) },
    });
    context = kafka.context(namespace);
  }, 180_000);

  afterAll(async () => {
    await ingest?.stop();
    await kafka?.stop();
  });

  it('answers 503 with Retry-After within its acknowledgement timeout when the broker dies during a request, and 200 again once it is back', async () => {
    const before = await send([reading('before-1'), reading('before-2')]);
    expect(before.status).toBe(200);
    acknowledged.push('before-1', 'before-2');

    // Mid-request: the broker freezes, the request waits for its acknowledgement, the broker dies.
    kafka.pause();
    const started = Date.now();
    const answer = send<Problem>([reading('during-1'), reading('during-2'), reading('during-rejected', { lat: 91 })]);
    await sleep(300);
    await kafka.kill();
    const during = await answer;
    const waited = Date.now() - started;
    answered503.push('during-1', 'during-2', 'during-rejected');
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(during.body).toEqual(problem('INGEST_KAFKA_UNAVAILABLE'));
    expect(waited).toBeLessThan(ackTimeoutMs + 3_000);
    expect(await metricValue(ingest.baseUrl, 'thermostream_ingest_requests_total', { status: '503' })).toBe(1);

    await kafka.restart();
    const restartedAt = Date.now();
    // As a partner would: retry after Retry-After while the producer reconnects. Each attempt has
    // ids of its own, so that what a 503 leaves behind is told apart from what a 200 acknowledged.
    let after: Answer<Accepted | Problem>;
    for (let attempt = 1; ; attempt++) {
      after = await send([reading(`after-${attempt}`)]);
      if (after.status !== 503 || Date.now() - restartedAt > 30_000) {
        acknowledged.push(`after-${attempt}`);
        break;
      }
      answered503.push(`after-${attempt}`);
      await sleep(Number(after.headers.get('retry-after')) * 1_000);
    }
    expect(after.status).toBe(200);

    // The producer retries with a backoff of up to 10 s: what it still holds arrives by then.
    while (Date.now() - restartedAt < 15_000 && (await topicRecordCount(context, topics.raw)) <= acknowledged.length) await sleep(500);
    const rawRecords = await readTopic(context, topics.raw, { count: await topicRecordCount(context, topics.raw) });
    const rejectedCount = await topicRecordCount(context, topics.rejected);
    const rejectedRecords = rejectedCount > 0 ? await readTopic(context, topics.rejected, { count: rejectedCount }) : [];
    const rawIds = rawRecords.map((record) => record.value.id);
    expect(rawIds.filter((id) => acknowledged.includes(id)).sort()).toEqual([...acknowledged].sort());
    published.push(...rawIds, ...rejectedRecords.map((record) => record.value.reading_id ?? ''));
  });

  // A 503 promises that nothing was acknowledged, not that nothing reached Kafka: the producer may
  // still deliver what it holds once the broker is back, and the partner resends; the scd-writer
  // absorbs that resend (same version, or the same measurement again). What the idempotent producer
  // does guarantee is that its own retries never write a record twice.
  it('writes each record of a request answered 503 at most once, whatever the producer retried', () => {
    expect(answered503.length).toBeGreaterThan(0);
    const copies = new Map<string, number>();
    for (const id of published.filter((candidate) => answered503.includes(candidate))) copies.set(id, (copies.get(id) ?? 0) + 1);
    expect([...copies.values()].filter((count) => count > 1)).toEqual([]);
    expect(new Set(published.filter((id) => acknowledged.includes(id))).size).toBe(acknowledged.length);
  });
});
