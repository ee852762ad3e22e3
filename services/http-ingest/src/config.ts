import { integerSetting, mustBe, portSetting, stringSetting, type Setting } from '@thermostream/config';
import { serviceSettings } from '@thermostream/service';

export interface PartnerKey {
  partner: string;
  key: string;
}

export const ingestSettings = {
  ingestPort: portSetting({ env: 'INGEST_PORT', description: 'Port of the HTTP API (and of its /metrics, /healthz, /readyz).', defaultValue: '18080' }),
  ingestHost: stringSetting({ env: 'INGEST_HOST', description: 'Address the HTTP API binds.', defaultValue: '127.0.0.1' }),
  apiKeys: {
    env: 'INGEST_API_KEYS',
    description: 'Comma-separated partner:key pairs; each key names the partner stamped on its readings. Required unless INGEST_API_KEYS_FILE gives keys.',
    defaultValue: '',
    secret: true,
    parse: (raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .map((entry) => (/^[^:]+:.+$/.test(entry) ? entry : mustBe('partner:key pairs separated by commas'))),
  } satisfies Setting<string[]>,
  apiKeysFile: {
    env: 'INGEST_API_KEYS_FILE',
    description:
      'A file of partner:key lines (# comments allowed), such as a mounted secret, read at start and again when it changes, without a restart; a file that cannot be used keeps the keys in force. Its keys add to INGEST_API_KEYS.',
    defaultValue: '',
    parse: (raw) => raw.trim(),
  } satisfies Setting<string>,
  apiKeysFilePollMs: integerSetting({
    env: 'INGEST_API_KEYS_FILE_POLL_MS',
    description: 'How often INGEST_API_KEYS_FILE is read again to find a change.',
    defaultValue: '5000',
    min: 100,
  }),
  rateLimitPerMinute: integerSetting({
    env: 'INGEST_RATE_LIMIT_PER_MINUTE',
    description: 'Requests each partner may send per minute to one http-ingest instance (429 with Retry-After above); 0 means no limit.',
    defaultValue: '0',
    min: 0,
  }),
  maxBodyBytes: integerSetting({
    env: 'INGEST_MAX_BODY_BYTES',
    description: 'Largest request body, before and after gzip decompression (413 above).',
    defaultValue: String(10 * 1024 * 1024),
    min: 1024,
  }),
  maxRecords: integerSetting({ env: 'INGEST_MAX_RECORDS', description: 'Most readings in one request (413 above).', defaultValue: '10000', min: 1 }),
  maxInFlightBytes: integerSetting({
    env: 'INGEST_MAX_IN_FLIGHT_BYTES',
    description: 'Request bytes waiting for broker acknowledgement; beyond it requests get 503 instead of growing memory.',
    defaultValue: String(64 * 1024 * 1024),
    min: 1024,
  }),
  ackTimeoutMs: integerSetting({
    env: 'INGEST_ACK_TIMEOUT_MS',
    description: 'How long a request waits for Kafka to acknowledge its readings before answering 503.',
    defaultValue: '10000',
    min: 100,
  }),
};

export const settings = { ...serviceSettings, ...ingestSettings };

/** Validated `partner:key` entries into pairs. */
export function parsePartnerKeys(entries: readonly string[]): PartnerKey[] {
  return entries.map((entry) => {
    const separator = entry.indexOf(':');
    return { partner: entry.slice(0, separator), key: entry.slice(separator + 1) };
  });
}
