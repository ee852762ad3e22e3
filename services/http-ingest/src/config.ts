import { integerSetting, listSetting, mustBe, portSetting, stringSetting } from '@thermostream/config';
import { serviceSettings } from '@thermostream/service';

export interface PartnerKey {
  partner: string;
  key: string;
}

export const ingestSettings = {
  ingestPort: portSetting({ env: 'INGEST_PORT', description: 'Port of the HTTP API (and of its /metrics, /healthz, /readyz).', defaultValue: '18080' }),
  ingestHost: stringSetting({ env: 'INGEST_HOST', description: 'Address the HTTP API binds.', defaultValue: '127.0.0.1' }),
  apiKeys: listSetting({
    env: 'INGEST_API_KEYS',
    description: 'Comma-separated partner:key pairs; each key names the partner stamped on its readings.',
    secret: true,
    item: (entry) => (/^[^:]+:.+$/.test(entry) ? entry : mustBe('partner:key pairs separated by commas')),
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
