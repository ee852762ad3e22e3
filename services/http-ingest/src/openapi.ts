import { ingestProblems, readingLimits, rejectCodes } from '@thermostream/readings';

const reading = {
  type: 'object',
  required: ['id', 'timestamp', 'lat', 'lon', 'temperature'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: readingLimits.idMaxLength, description: 'Reading id, the key across versions.' },
    timestamp: { type: 'string', description: "'YYYY-MM-DD HH:mm:ss' (UTC) or ISO-8601 with an offset.", examples: ['2026-11-24 10:15:00'] },
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lon: { type: 'number', minimum: -180, maximum: 180 },
    temperature: { type: 'number', minimum: readingLimits.temperature.min, maximum: readingLimits.temperature.max, description: 'Degrees Celsius.' },
    country: { type: 'string', maxLength: readingLimits.countryMaxLength },
    version: { type: 'integer', minimum: 1, description: 'A higher version of the same id is a correction.' },
  },
};

const problem = { type: 'object', properties: { code: { type: 'string', enum: Object.keys(ingestProblems) }, message: { type: 'string' } } };

/** The OpenAPI description served at /docs. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'thermostream ingest', version: '1' },
  components: {
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    schemas: { Reading: reading, Problem: problem },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/v1/readings': {
      post: {
        summary: 'Send readings: a JSON array, or NDJSON; gzip accepted (Content-Encoding: gzip).',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Reading' } } },
            'application/x-ndjson': { schema: { $ref: '#/components/schemas/Reading' } },
          },
        },
        responses: {
          '200': {
            description: 'Every accepted reading is acknowledged by Kafka; rejected ones are listed with their reason.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    request_id: { type: 'string' },
                    accepted: { type: 'integer' },
                    rejected: { type: 'integer' },
                    errors: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          index: { type: 'integer' },
                          id: { type: ['string', 'null'] },
                          field: { type: ['string', 'null'] },
                          code: { type: 'string', enum: Object.keys(rejectCodes) },
                          message: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...Object.fromEntries(
            [...new Set(Object.values(ingestProblems).map((entry) => entry.status))].map((status) => [
              String(status),
              { description: 'A problem with the whole request.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            ]),
          ),
        },
      },
    },
  },
};
