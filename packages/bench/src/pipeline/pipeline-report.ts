import type { IdStyle } from '../reading-generator.ts';
import type { VerifyOutcome } from '../verify-outcome.ts';
import type { TableDisagreement } from './compare-tables.ts';
import type { CpuPerReading } from './cpu-per-reading.ts';
import type { ProfileSummary } from '../profiler/cpu-profile.ts';
import type { HistoryStore } from './flink-anchor.ts';
import type { QuietWait } from './quiet-machine.ts';
import type { RatioSummary, SideSummary } from './run-summary.ts';
import type { ServerUsage } from './server-usage.ts';
import type { ServiceUsage } from './service-usage.ts';
import type { Spread } from './spread.ts';

export interface DrainFigures {
  /** From the clock's start until the table held every expected point. */
  seconds: number;
  readingsPerSecond: number;
  /** Between 20 % and 90 % of the points; null when the run was too short to have both. */
  steadyReadingsPerSecond: number | null;
  secondsToFirstRow: number | null;
  peakRssMegabytes: number | null;
}

/** One drain of the backlog by the product, in a namespace of its own. */
export interface ProductArm extends DrainFigures {
  clock: 'service launch to complete table';
  namespace: string;
  publishSeconds: number;
  /** The wait for the stack to settle after publishing, before the services were launched. */
  quietWait: QuietWait;
  /** From launch until every service answered /readyz: the part of the clock Flink's JVM start and planning match. */
  secondsToReady: number;
  services: ServiceUsage[];
  /** The broker, PostgreSQL and the registry over the same clock. */
  stack: ServerUsage[];
  /** The services and the stack together. */
  cpu: CpuPerReading;
  verify: VerifyOutcome & { passed: boolean };
  /** With --profile: each service's self time during the drain, largest first. */
  profiles?: (ProfileSummary & { service: string; file: string })[];
}

/** One drain of the same readings by the Flink anchor, in one of its modes. */
export interface AnchorArm extends DrainFigures {
  clock: 'job submission to complete table';
  /** `flink`, or `flink versions (<history> history)`. */
  mode: string;
  versions: boolean;
  history: HistoryStore | null;
  /** Whether the job completed its table; when not, its seconds, rates and CPU per reading are NaN (left out of medians and ratios). */
  finished: boolean;
  /** The wait for both stacks to settle before run.sh (which loads its topic, then submits the job). */
  quietWait: QuietWait;
  expectedPoints: number;
  expectedVersions: number | null;
  /** The Flink JVM (its whole life), its broker and its PostgreSQL while the job ran. */
  cpu: CpuPerReading;
  /** run.sh's own check: `unchecked` when, as here, it is given the readings rather than its generator. */
  correct: string;
  details: Record<string, string>;
  /** Row by row against the product's table of the same run; null when the mode does not compute the same table (plain mode with corrections). */
  comparison: { rows: number; agreeing: number; disagreementCount: number; disagreements: TableDisagreement[] } | null;
}

export interface BenchRun {
  /** From 1. */
  run: number;
  /** The arms in the order they ran. */
  order: string[];
  product: ProductArm;
  anchors: AnchorArm[];
}

export interface PipelineBenchReport {
  readings: number;
  seed: number;
  corrections: number;
  ids: IdStyle;
  /** Hours of event time the readings spread over. */
  eventHours: number;
  /** The cores the product's services and its stack were held to, or null for all of them. */
  cpus: number | null;
  expectedPoints: number;
  /** Distinct valid (id, version) pairs: the history's rows. */
  validVersions: number;
  /** The readings as JSON lines, when kept (--keep). */
  jsonLines: string | null;
  runs: BenchRun[];
  summary: {
    product: SideSummary;
    anchors: (SideSummary & { mode: string; ratio: RatioSummary })[];
  };
  /** The chart shows this run, the one with the product's median drain. */
  chartRun: number;
  chart: string;
}

export function renderPipelineBenchReport(report: PipelineBenchReport): string {
  const lines = [
    `${integer(report.readings)} readings (seed ${report.seed}, corrections ${report.corrections}, ${report.ids} ids, ${report.eventHours} h of event time), ` +
      `${integer(report.expectedPoints)} in a French region, ${integer(report.validVersions)} valid versions; ` +
      `${report.runs.length} run${report.runs.length === 1 ? '' : 's'}, the order alternating; ` +
      (report.cpus === null ? 'the product on every core' : `the product's services and stack held to ${report.cpus} core${report.cpus === 1 ? '' : 's'} (taskset)`),
  ];
  for (const run of report.runs) {
    lines.push('', `run ${run.run} (${run.order.join(', then ')})`, row('', 'readings/s', 'steady/s', 'first row s', 'seconds', 'peak RSS MB', 'CPU µs/rdg', 'quiet wait s'));
    lines.push(figuresRow('thermostream', run.product, run.product));
    for (const anchor of run.anchors) lines.push(figuresRow(anchor.mode, anchor, anchor));
    lines.push(...productDetails(run.product));
    for (const anchor of run.anchors) lines.push(...anchorDetails(anchor));
  }
  const { product, anchors } = report.summary;
  lines.push(
    '',
    `medians (min–max) over ${report.runs.length} run${report.runs.length === 1 ? '' : 's'}`,
    row('', 'readings/s', 'steady/s', 'seconds', 'CPU µs/reading', 'quiet wait s'),
    summaryRow('thermostream', product),
    ...anchors.map((anchor) => summaryRow(anchor.mode, anchor)),
  );
  for (const anchor of anchors) {
    lines.push(
      `thermostream / ${anchor.mode}: readings/s ${ratio(anchor.ratio.readingsPerSecond)}, steady ${anchor.ratio.steadyReadingsPerSecond === null ? 'n/a' : ratio(anchor.ratio.steadyReadingsPerSecond)}, ` +
        `CPU per reading ${ratio(anchor.ratio.cpuPerReading)}`,
    );
  }
  lines.push(
    "thermostream's clock runs from launching its services until the table holds every point; Flink's from job submission, after its JVM started. CPU per reading counts every process of a side over its clock (Flink's JVM over its whole life).",
    `chart (run ${report.chartRun}): ${report.chart}`,
  );
  if (report.jsonLines !== null) lines.push(`readings: ${report.jsonLines}`);
  return lines.join('\n');
}

function productDetails(product: ProductArm): string[] {
  const lines = [
    `  thermostream in ${product.namespace}: published in ${product.publishSeconds.toFixed(1)} s; ${quiet(product.quietWait)}; ready after ${product.secondsToReady.toFixed(2)} s; peak RSS is the services' sum, sampled`,
    ...product.services.map((usage) => `    ${usage.service.padEnd(20)} busy ${fixed(usage.busy, 2)} cores, ${fixed(usage.cpuSeconds, 1)} CPU s, peak RSS ${usage.peakRssMegabytes} MB`),
    `    CPU: ${cpuParts(product.cpu)}`,
    `    verify: ${product.verify.passed ? 'passed' : 'FAILED'} (${product.verify.regionHoursCompared} region-hours, ${integer(product.verify.currentReadings)} current readings, ${product.verify.differences} differences, ${product.verify.imbalances} imbalances)`,
  ];
  for (const profile of product.profiles ?? []) {
    lines.push(
      `    ${profile.service} profile (${profile.file}), self time during the drain, busy ${fixed(profile.busyShare, 2)}:`,
      `      functions: ${profile.functions.map(selfTime).join(', ')}`,
      `      packages:  ${profile.packages.map(selfTime).join(', ')}`,
    );
  }
  return lines;
}

function anchorDetails(anchor: AnchorArm): string[] {
  const { comparison } = anchor;
  return [
    `  ${anchor.mode}: ${quiet(anchor.quietWait)}; job submitted after ${anchor.details.jvm_start_to_submit_s ?? '?'} s of JVM start and planning; timed until ${integer(anchor.expectedPoints)} points` +
      (anchor.expectedVersions === null ? '' : ` and ${integer(anchor.expectedVersions)} history rows`) +
      `; correct=${anchor.correct}`,
    ...(anchor.finished ? [] : [`    did not finish (run.sh: done=${anchor.details.done}): no drain rate, left out of the medians and ratios`]),
    `    CPU: ${cpuParts(anchor.cpu)}`,
    comparison === null
      ? '    tables not compared: this mode counts every version of a reading'
      : `    tables compared row by row: ${comparison.agreeing} of ${comparison.rows} agree (count exact, mean within 1e-6)` +
        (comparison.disagreementCount === 0 ? '' : `; ${comparison.disagreementCount} disagree:`),
    ...(comparison?.disagreements ?? []).map(
      (disagreement) => `      ${disagreement.regionCode} ${disagreement.hour}: thermostream ${side(disagreement.product)}, Flink ${side(disagreement.anchor)}`,
    ),
  ];
}

function figuresRow(label: string, figures: DrainFigures, arm: { cpu: CpuPerReading; quietWait: QuietWait }): string {
  return row(
    label,
    integer(figures.readingsPerSecond),
    orNa(figures.steadyReadingsPerSecond, 0),
    orNa(figures.secondsToFirstRow, 2),
    fixed(figures.seconds, 2),
    orNa(figures.peakRssMegabytes, 0),
    fixed(arm.cpu.microsPerReading, 1),
    fixed(arm.quietWait.waitedSeconds, 1) + (arm.quietWait.settled ? '' : '!'),
  );
}

function summaryRow(label: string, summary: SideSummary): string {
  return row(
    label,
    spreadOf(summary.readingsPerSecond, 0),
    summary.steadyReadingsPerSecond === null ? 'n/a' : spreadOf(summary.steadyReadingsPerSecond, 0),
    spreadOf(summary.seconds, 2),
    spreadOf(summary.cpuMicrosPerReading, 1),
    spreadOf(summary.quietWaitSeconds, 1),
  );
}

const quiet = (wait: QuietWait) =>
  `${wait.settled ? 'waited' : 'gave up waiting'} ${wait.waitedSeconds.toFixed(1)} s for ${wait.servers.join(', ') || 'no server'} to settle` +
  (wait.busyCores === null ? '' : ` (${fixed(wait.busyCores, 2)} cores busy at the start)`);
const cpuParts = (cpu: CpuPerReading) =>
  `${cpu.parts.map((part) => `${part.name} ${fixed(part.cpuSeconds, 1)}`).join(', ')} = ${fixed(cpu.totalSeconds, 1)} s, ${fixed(cpu.microsPerReading, 1)} µs per reading`;
const spreadOf = (value: Spread, digits: number) =>
  digits === 0 ? `${integer(value.median)} (${integer(value.min)}–${integer(value.max)})` : `${fixed(value.median, digits)} (${fixed(value.min, digits)}–${fixed(value.max, digits)})`;
const ratio = (value: Spread) => spreadOf(value, 2);
const orNa = (value: number | null, digits: number) => (value === null ? 'n/a' : digits === 0 ? integer(value) : fixed(value, digits));
const selfTime = (entry: { name: string; share: number }) => `${entry.name} ${(entry.share * 100).toFixed(1)} %`;
const side = (values: { temperature: number; numberOfPoints: number } | undefined) =>
  values === undefined ? 'no row' : `${values.numberOfPoints} points, mean ${values.temperature}`;
const row = (label: string, ...cells: string[]) => label.padEnd(34) + cells.map((cell) => cell.padStart(cells.length > 6 ? 13 : 24)).join('');
const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
