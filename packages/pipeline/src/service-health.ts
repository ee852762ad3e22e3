import type { ServiceName } from '@thermostream/config';
import { getFromService } from './service-http.ts';

/** What `stack status` tells of a service's consumer, from its /metrics; "unknown" where the service does not export it. */
export interface ConsumerHealth {
  consumerRunning: boolean | 'unknown';
  lagRecords: number | 'unknown';
  consumerRestarts: number | 'unknown';
}

/** The samples of one metric in a Prometheus text exposition, labels ignored. */
function samples(exposition: string, metric: string): number[] {
  const values: number[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (!rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(rest.slice(rest.lastIndexOf('}') + 1).trim().split(/\s+/)[0]);
    if (!Number.isNaN(value)) values.push(value);
  }
  return values;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * A consumer runs when every topic it reads says so; its lag is the sum over partitions, its
 * restarts the sum over topics. No exposition at all (the service is down) is unknown too.
 */
export function consumerHealth(exposition: string | undefined): ConsumerHealth {
  if (exposition === undefined) return { consumerRunning: 'unknown', lagRecords: 'unknown', consumerRestarts: 'unknown' };
  const running = samples(exposition, 'thermostream_consumer_running');
  const lag = samples(exposition, 'thermostream_consumer_lag_records');
  const restarts = samples(exposition, 'thermostream_consumer_restarts_total');
  return {
    consumerRunning: running.length === 0 ? 'unknown' : running.every((value) => value === 1),
    lagRecords: lag.length === 0 ? 'unknown' : sum(lag),
    consumerRestarts: restarts.length === 0 ? 'unknown' : sum(restarts),
  };
}

/** One service as its HTTP endpoints show it now. */
export interface ServiceProbe {
  /** /healthz answered 200. */
  healthy: boolean;
  /** From /metrics; null for http-ingest, which consumes nothing. */
  consumer: ConsumerHealth | null;
}

/** Whether a service does its job: /healthz answers 200 and, for a consumer, every topic's consumer runs. */
export const serviceWorks = (probe: ServiceProbe): boolean => probe.healthy && (probe.consumer === null || probe.consumer.consumerRunning === true);

/** Asks a service's /healthz and, for a consumer, its /metrics; a service that does not answer is neither healthy nor running. */
export async function probeService(service: ServiceName, port: number): Promise<ServiceProbe> {
  const get = (route: string) => getFromService(port, route);
  // http-ingest consumes nothing: it has no consumer to report on.
  const consumes = service !== 'http-ingest';
  const [health, metrics] = await Promise.all([get('/healthz'), consumes ? get('/metrics') : Promise.resolve(undefined)]);
  return { healthy: health?.status === 200, consumer: consumes ? consumerHealth(metrics?.status === 200 ? metrics.text : undefined) : null };
}
