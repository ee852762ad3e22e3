import type { VerifyOutcome } from '../service-runner.ts';
import type { TableDisagreement } from './compare-tables.ts';
import type { ProfileSummary } from '../profiler/cpu-profile.ts';
import type { ServerUsage } from './server-usage.ts';
import type { ServiceUsage } from './service-usage.ts';

export interface DrainFigures {
  /** From the clock's start until the table held every expected point. */
  seconds: number;
  readingsPerSecond: number;
  /** Between 20 % and 90 % of the points; null when the run was too short to have both. */
  steadyReadingsPerSecond: number | null;
  secondsToFirstRow: number | null;
  peakRssMegabytes: number | null;
}

export interface PipelineBenchReport {
  namespace: string;
  readings: number;
  seed: number;
  corrections: number;
  expectedPoints: number;
  /** The readings as JSON lines, when kept (--keep). */
  jsonLines: string | null;
  publishSeconds: number;
  product: DrainFigures & {
    clock: 'service launch to complete table';
    /** From launch until every service answered /readyz: the part of the clock Flink's JVM start and planning match. */
    secondsToReady: number;
    services: ServiceUsage[];
    /** The broker, PostgreSQL and the registry over the same clock. */
    stack: ServerUsage[];
    verify: VerifyOutcome & { passed: boolean };
    /** With --profile: each service's self time during the drain, largest first. */
    profiles?: (ProfileSummary & { service: string; file: string })[];
  };
  anchor?: DrainFigures & {
    clock: 'job submission to complete table';
    details: Record<string, string>;
    comparison: { rows: number; agreeing: number; disagreementCount: number; disagreements: TableDisagreement[] };
  };
  /** Product divided by anchor: above 1, the product drains faster. */
  ratio?: { readingsPerSecond: number; steadyReadingsPerSecond: number | null };
  chart: string;
}

export function renderPipelineBenchReport(report: PipelineBenchReport): string {
  const { product, anchor, ratio } = report;
  const lines = [
    `${integer(report.readings)} readings (seed ${report.seed}, corrections ${report.corrections}), ${integer(report.expectedPoints)} in a French region; published in ${report.publishSeconds.toFixed(1)} s to ${report.namespace}.readings.raw`,
    '',
    row('', 'readings/s', 'steady/s', 'first row s', 'seconds', 'peak RSS MB'),
    figuresRow('thermostream', product),
    ...(anchor ? [figuresRow('Flink', anchor)] : []),
    ...(ratio ? [row('thermostream / Flink', fixed(ratio.readingsPerSecond, 2), ratio.steadyReadingsPerSecond === null ? 'n/a' : fixed(ratio.steadyReadingsPerSecond, 2))] : []),
    '',
    `thermostream: the clock runs from launching the services (ready after ${product.secondsToReady.toFixed(2)} s) until the table holds every point; peak RSS is the sum of the services, sampled.`,
    ...product.services.map(
      (usage) => `  ${usage.service.padEnd(20)} busy ${fixed(usage.busy, 2)} cores, ${fixed(usage.cpuSeconds, 1)} CPU s, peak RSS ${usage.peakRssMegabytes} MB`,
    ),
    `  stack over the same clock: ${product.stack.map((server) => `${server.name} ${fixed(server.cpuSeconds, 1)} CPU s`).join(', ') || 'not measured'}`,
    `  verify: ${product.verify.passed ? 'passed' : 'FAILED'} (${product.verify.regionHoursCompared} region-hours, ${integer(product.verify.currentReadings)} current readings, ${product.verify.differences} differences, ${product.verify.imbalances} imbalances)`,
  ];
  for (const profile of product.profiles ?? []) {
    lines.push(
      `  ${profile.service} profile (${profile.file}), self time during the drain, busy ${fixed(profile.busyShare, 2)}:`,
      `    functions: ${profile.functions.map(selfTime).join(', ')}`,
      `    packages:  ${profile.packages.map(selfTime).join(', ')}`,
    );
  }
  if (anchor) {
    lines.push(
      `Flink: the clock runs from job submission (after ${anchor.details.jvm_start_to_submit_s ?? '?'} s of JVM start and planning); peak RSS is its JVM's.`,
      `  tables compared row by row: ${anchor.comparison.agreeing} of ${anchor.comparison.rows} agree (count exact, mean within 1e-6)` +
        (anchor.comparison.disagreementCount === 0 ? '' : `; ${anchor.comparison.disagreementCount} disagree:`),
      ...anchor.comparison.disagreements.map(
        (disagreement) =>
          `    ${disagreement.regionCode} ${disagreement.hour}: thermostream ${side(disagreement.product)}, Flink ${side(disagreement.anchor)}`,
      ),
    );
  }
  lines.push(`chart: ${report.chart}`);
  if (report.jsonLines !== null) lines.push(`readings: ${report.jsonLines}`);
  return lines.join('\n');
}

function figuresRow(label: string, figures: DrainFigures): string {
  const orNa = (value: number | null, digits: number) => (value === null ? 'n/a' : digits === 0 ? integer(value) : fixed(value, digits));
  return row(
    label,
    integer(figures.readingsPerSecond),
    orNa(figures.steadyReadingsPerSecond, 0),
    orNa(figures.secondsToFirstRow, 2),
    fixed(figures.seconds, 2),
    orNa(figures.peakRssMegabytes, 0),
  );
}

const selfTime = (entry: { name: string; share: number }) => `${entry.name} ${(entry.share * 100).toFixed(1)} %`;
const side = (values: { temperature: number; numberOfPoints: number } | undefined) =>
  values === undefined ? 'no row' : `${values.numberOfPoints} points, mean ${values.temperature}`;
const row = (label: string, ...cells: string[]) => label.padEnd(22) + cells.map((cell) => cell.padStart(13)).join('');
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
