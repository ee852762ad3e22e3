import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { metricDefinitions, type MetricName } from './metric-names.ts';
import { createMetrics } from './metrics.ts';

const deployFile = (relative: string) => fileURLToPath(new URL(`../../../deploy/${relative}`, import.meta.url));

interface AlertRule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alertRules = (parse(readFileSync(deployFile('prometheus/alerts.yml'), 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] }).groups.flatMap(
  (group) => group.rules,
);

interface AlertRuleTestFile {
  tests: { name: string; alert_rule_test?: { eval_time: string; alertname: string; exp_alerts?: unknown[] }[] }[];
}

const alertRuleTests = (parse(readFileSync(deployFile('prometheus/alerts.test.yml'), 'utf8')) as AlertRuleTestFile).tests.flatMap(
  (test) => test.alert_rule_test ?? [],
);

interface DashboardPanel {
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(deployFile('grafana/thermostream.json'), 'utf8')) as { panels: DashboardPanel[] };
const dashboardExpressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

const promqlKeywords = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan']);

/** The metric names a PromQL expression selects: what is left once strings, matchers, ranges, label lists and functions are set aside. */
function metricNamesIn(expression: string): string[] {
  const selectors = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...selectors.matchAll(/\b[a-zA-Z_][\w:]*\b(?!\s*\()/g)].map((match) => match[0]).filter((word) => !promqlKeywords.has(word));
  return [...new Set(names)];
}

/** Series the services export: the declared metrics (a histogram as its three series), prom-client's default ones, and Prometheus' own `up`. */
async function exportedSeries(): Promise<Set<string>> {
  const series = new Set(['up']);
  const add = (name: string, kind: string) => {
    if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) series.add(`${name}${suffix}`);
    else series.add(name);
  };
  for (const [name, definition] of Object.entries(metricDefinitions)) add(name, definition.kind);
  for (const metric of await createMetrics({ service: 'test' }).registry.getMetricsAsJSON()) add(metric.name, String(metric.type));
  return series;
}

const promtool = spawnSync('promtool', ['--version']).error === undefined;

let series: Set<string>;
beforeAll(async () => {
  series = await exportedSeries();
});

describe('metricNamesIn', () => {
  it('finds the selected metrics, not the functions, labels, strings, ranges or keywords around them', () => {
    const expression =
      'histogram_quantile(0.99, sum by (le, topic) (rate(a_seconds_bucket{job=~"$job|x", topic!="b"}[$__rate_interval]))) > 0.5 ' +
      'unless on (service) max(b_total) and sum(c) without (instance) offset 5m > 1e3';
    expect(metricNamesIn(expression)).toEqual(['a_seconds_bucket', 'b_total', 'c']);
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  it.each(alertRules.map((rule) => [rule.alert ?? '(unnamed)', rule] as const))('%s names only exported metrics', (_alert, rule) => {
    expect(metricNamesIn(rule.expr ?? '').filter((name) => !series.has(name))).toEqual([]);
  });

  it.each(alertRules.map((rule) => [rule.alert ?? '(unnamed)', rule] as const))('%s has a severity, a summary and a description', (_alert, rule) => {
    expect(rule.alert).toMatch(/^Thermostream[A-Z]\w+$/);
    expect(rule.expr?.trim()).toBeTruthy();
    expect(['page', 'warning']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary?.trim()).toBeTruthy();
    expect(rule.annotations?.description?.trim()).toBeTruthy();
  });

  it('watches liveness, lag, progress, ingest 503s, imbalances, restarts and dependency outages', () => {
    const watched = new Set(alertRules.flatMap((rule) => metricNamesIn(rule.expr ?? '')));
    const required: MetricName[] = [
      'thermostream_consumer_running',
      'thermostream_consumer_lag_records',
      'thermostream_seconds_since_progress',
      'thermostream_ingest_requests_total',
      'thermostream_aggregate_imbalances',
      'thermostream_consumer_restarts_total',
      'thermostream_dependency_outage_seconds_total',
    ];
    expect(required.filter((name) => !watched.has(name))).toEqual([]);
  });

  it('has every alert fire in a case of alerts.test.yml, and that file names no other alert', () => {
    const alerts = alertRules.map((rule) => rule.alert ?? '(unnamed)');
    const expectedToFire = new Set(alertRuleTests.filter((test) => (test.exp_alerts ?? []).length > 0).map((test) => test.alertname));
    expect({
      neverFiring: alerts.filter((alert) => !expectedToFire.has(alert)),
      unknown: [...new Set(alertRuleTests.map((test) => test.alertname))].filter((name) => !alerts.includes(name)),
    }).toEqual({ neverFiring: [], unknown: [] });
  });

  (promtool ? it : it.skip)('passes promtool: rules, their unit tests and the sample scrape configuration', () => {
    for (const args of [
      ['check', 'rules', deployFile('prometheus/alerts.yml')],
      ['test', 'rules', deployFile('prometheus/alerts.test.yml')],
      ['check', 'config', deployFile('prometheus/prometheus.yml')],
    ]) {
      const run = spawnSync('promtool', args, { encoding: 'utf8' });
      expect({ args, status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` }).toEqual({ args, status: 0, output: '' });
    }
  });
});

describe('deploy/grafana/thermostream.json', () => {
  it.each(dashboardExpressions.map((target) => [target.panel, target.expr] as const))('panel "%s" queries only exported metrics: %s', (_panel, expr) => {
    expect(metricNamesIn(expr).filter((name) => !series.has(name))).toEqual([]);
  });

  it('shows throughput, lag, event lag, batch duration, rejects, ingest status, restarts and consumer liveness', () => {
    const shown = new Set(dashboardExpressions.flatMap((target) => metricNamesIn(target.expr)));
    const required = [
      'thermostream_records_consumed_total',
      'thermostream_records_produced_total',
      'thermostream_consumer_lag_records',
      'thermostream_event_lag_seconds',
      'thermostream_batch_duration_seconds_bucket',
      'thermostream_readings_rejected_total',
      'thermostream_ingest_requests_total',
      'thermostream_consumer_restarts_total',
      'thermostream_consumer_running',
    ];
    expect(required.filter((name) => !shown.has(name))).toEqual([]);
  });
});
