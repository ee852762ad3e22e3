import client from 'prom-client';
import { metricDefinitions, type MetricLabels, type MetricName } from './metric-names.ts';

type Labels<N extends MetricName> = Partial<Record<MetricLabels<N>, string>>;

export interface Metrics {
  readonly registry: client.Registry;
  increment<N extends MetricName>(name: N, labels?: Labels<N>, by?: number): void;
  set<N extends MetricName>(name: N, value: number, labels?: Labels<N>): void;
  observe<N extends MetricName>(name: N, value: number, labels?: Labels<N>): void;
  /** Runs `refresh` each time the metric is collected, so that a value that grows with time is current when scraped. */
  beforeScrape(name: MetricName, refresh: () => void): void;
}

const durationBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per process, labelled with the service; metrics are created on first use. */
export function createMetrics(options: { service: string; collectDefaults?: boolean }): Metrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.collectDefaults ?? true) client.collectDefaultMetrics({ register: registry });
  const created = new Map<MetricName, client.Counter | client.Gauge | client.Histogram>();
  const refreshes = new Map<MetricName, (() => void)[]>();

  function metric(name: MetricName) {
    let instance = created.get(name);
    if (!instance) {
      const { kind, labels, help } = metricDefinitions[name];
      const collect = () => {
        for (const refresh of refreshes.get(name) ?? []) refresh();
      };
      const configuration = { name, help, labelNames: [...labels], registers: [registry], collect };
      instance =
        kind === 'counter'
          ? new client.Counter(configuration)
          : kind === 'gauge'
            ? new client.Gauge(configuration)
            : new client.Histogram({ ...configuration, buckets: durationBuckets });
      created.set(name, instance);
    }
    return instance;
  }

  return {
    registry,
    increment(name, labels = {}, by = 1) {
      (metric(name) as client.Counter).inc(labels, by);
    },
    set(name, value, labels = {}) {
      (metric(name) as client.Gauge).set(labels, value);
    },
    observe(name, value, labels = {}) {
      (metric(name) as client.Histogram).observe(labels, value);
    },
    beforeScrape(name, refresh) {
      refreshes.set(name, [...(refreshes.get(name) ?? []), refresh]);
      metric(name);
    },
  };
}
