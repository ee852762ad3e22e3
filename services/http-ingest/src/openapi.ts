import { ingestProblems, readingLimits, rejectCodes, type IngestProblemCode } from '@thermostream/readings';
import { problemMediaType, problemType } from './problem.ts';

/** A reading as partners send it; shared by both body formats. */
export const readingSchema = {
  $id: 'Reading',
  type: 'object',
  required: ['id', 'timestamp', 'lat', 'lon', 'temperature'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: readingLimits.idMaxLength, description: 'Reading id, the key across versions.' },
    timestamp: { type: 'string', description: "'YYYY-MM-DD HH:mm:ss' (UTC) or ISO-8601 with an offset.", examples: ['2026-11-24 10:15:00'] },
    lat: { type: 'number', minimum: -90, maximum: 90, description: 'WGS84 degrees.' },
    lon: { type: 'number', minimum: -180, maximum: 180, description: 'WGS84 degrees.' },
    temperature: { type: 'number', minimum: readingLimits.temperature.min, maximum: readingLimits.temperature.max, description: 'Degrees Celsius.' },
    country: { type: 'string', maxLength: readingLimits.countryMaxLength, description: 'As the partner labels it; the coordinates decide the region.' },
    version: { type: 'integer', minimum: 1, description: 'A higher version of the same id is a correction; without it, the later arrival wins.' },
  },
} as const;

const exampleReadings = [
  { id: '3f9c2a4e-8b1d-4f6a-9c3e-2d7b5a1f0e84', timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' },
  { id: '8a1d6c3b-2e4f-4a5b-8c7d-9e0f1a2b3c4d', timestamp: '2026-11-24T11:20:00+01:00', lat: 45.76, lon: 4.84, temperature: 9, country: 'France', version: 2 },
];

const acceptedSchema = {
  type: 'object',
  required: ['request_id', 'accepted', 'rejected', 'errors'],
  properties: {
    request_id: { type: 'string', description: 'Stamped on every reading of the request, and on its log lines.' },
    accepted: { type: 'integer', description: 'Readings acknowledged by Kafka.' },
    rejected: { type: 'integer', description: 'Readings refused, each kept on readings.rejected.' },
    errors: {
      type: 'array',
      description: 'One entry per problem of a rejected reading (a reading may have several).',
      items: {
        type: 'object',
        required: ['index', 'id', 'field', 'code', 'message'],
        properties: {
          index: { type: 'integer', description: 'Position of the reading in the body (array index, or NDJSON line among non-blank lines), from 0.' },
          id: { type: ['string', 'null'] },
          field: { type: ['string', 'null'] },
          code: { type: 'string', enum: Object.keys(rejectCodes) },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const problemSchema = (codes: readonly IngestProblemCode[]) => ({
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable (docs/errors.md).',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: { type: 'string', enum: codes.map(problemType) },
    title: { type: 'string' },
    status: { type: 'integer', enum: [...new Set(codes.map((code) => ingestProblems[code].status))] },
    detail: { type: 'string', description: 'What of this request was wrong.' },
    instance: { type: 'string', description: 'The request, by the id of its log lines.' },
    code: { type: 'string', enum: codes },
  },
});

const retryAfter = { 'retry-after': { type: 'integer', description: 'Seconds to wait before sending the request again.' } };

/** The problem answers of a status: every code with that status, and the headers that come with them. */
function problemResponse(status: number, description: string) {
  const codes = (Object.keys(ingestProblems) as IngestProblemCode[]).filter((code) => ingestProblems[code].status === status);
  return {
    description: `${description} Codes: ${codes.join(', ')}.`,
    ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
    content: { [problemMediaType]: { schema: problemSchema(codes) } },
  };
}

/** POST /v1/readings, for the OpenAPI description. Fastify does not validate against it: see app.ts. */
export const postReadingsSchema = {
  summary: 'Send a batch of readings',
  description:
    'A JSON array of readings, or NDJSON (one reading per line); gzip bodies with `Content-Encoding: gzip`. A 200 means every accepted reading is acknowledged by Kafka; each invalid reading is listed in `errors` and kept on readings.rejected, never dropped.',
  tags: ['readings'],
  security: [{ apiKey: [] }],
  headers: {
    type: 'object',
    properties: {
      'content-encoding': { type: 'string', enum: ['gzip', 'identity'], description: 'gzip, or absent for a plain body.' },
    },
  },
  body: {
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: 'Reading#' }, examples: [exampleReadings] } },
      'application/x-ndjson': { schema: { $ref: 'Reading#', description: 'One reading per line; a line that is not JSON is one rejected reading.' } },
    },
  },
  response: {
    200: { description: 'Every accepted reading is acknowledged by Kafka; rejected ones are listed with their reason.', content: { 'application/json': { schema: acceptedSchema } } },
    400: problemResponse(400, 'The body is not a JSON array of readings, or cannot be decompressed.'),
    401: problemResponse(401, 'No valid X-API-Key.'),
    413: problemResponse(413, 'Over the byte or record limit.'),
    415: problemResponse(415, 'Unknown Content-Type or Content-Encoding.'),
    429: problemResponse(429, "Over the partner's requests per minute."),
    500: problemResponse(500, 'The service failed on this request.'),
    503: problemResponse(503, 'Kafka cannot take the readings now: nothing was accepted.'),
  },
};

/** The document's frame; @fastify/swagger fills `paths` from the route schemas. */
export const openApiOptions = {
  openapi: '3.1.0' as const,
  info: {
    title: 'thermostream ingest',
    version: '1',
    description:
      'Partners send temperature readings here. Every refusal of a whole request is an RFC 9457 problem (`application/problem+json`) with a stable `code`; per-reading errors come in the 200 answer.',
  },
  tags: [
    { name: 'readings', description: 'What partners send.' },
    { name: 'operations', description: 'For orchestrators and monitoring; no key needed.' },
  ],
  components: { securitySchemes: { apiKey: { type: 'apiKey' as const, in: 'header', name: 'X-API-Key', description: 'The key given to your partner account.' } } },
};
