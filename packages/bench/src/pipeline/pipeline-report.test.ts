import { cpuPerReading } from './cpu-per-reading.ts';
import { renderPipelineBenchReport, type AnchorArm, type PipelineBenchReport, type ProductArm } from './pipeline-report.ts';
import { summarizeRatio, summarizeSide } from './run-summary.ts';

const quietWait = { waitedSeconds: 4.5, settled: true, busyCores: 0.03, servers: ['postgres', 'kafka', 'registry'] };

const product = (seconds: number): ProductArm => ({
  clock: 'service launch to complete table',
  namespace: `bench_${seconds}`,
  publishSeconds: 1.2,
  quietWait,
  secondsToReady: 1.5,
  seconds,
  readingsPerSecond: 100_000 / seconds,
  steadyReadingsPerSecond: null,
  secondsToFirstRow: 2,
  peakRssMegabytes: 900,
  services: [{ service: 'filter', pid: 1, cpuSeconds: 1, busy: 0.2, peakRssMegabytes: 200 }],
  stack: [{ name: 'postgres', cpuSeconds: 2 }],
  cpu: cpuPerReading([{ name: 'filter', cpuSeconds: 1 }, { name: 'postgres', cpuSeconds: 2 }], 100_000),
  verify: { regionHoursCompared: 312, currentReadings: 84_000, differences: 0, imbalances: 0, passed: true },
});

const anchor = (seconds: number, versions: boolean): AnchorArm => ({
  clock: 'job submission to complete table',
  mode: versions ? 'flink versions (postgres history)' : 'flink',
  versions,
  history: versions ? 'postgres' : null,
  finished: true,
  quietWait: { ...quietWait, settled: false, waitedSeconds: 60 },
  expectedPoints: 84_000,
  expectedVersions: versions ? 98_000 : null,
  seconds,
  readingsPerSecond: 100_000 / seconds,
  steadyReadingsPerSecond: null,
  secondsToFirstRow: 3,
  peakRssMegabytes: 1000,
  cpu: cpuPerReading([{ name: 'flink JVM', cpuSeconds: 1.5 }, { name: 'flink broker', cpuSeconds: 0.5 }], 100_000),
  correct: 'unchecked',
  details: { jvm_start_to_submit_s: '3.7' },
  comparison: versions ? { rows: 312, agreeing: 312, disagreementCount: 0, disagreements: [] } : null,
});

/** The report of these runs of 100,000 readings with 5 % corrections, summarised as the benchmark does. */
const reportOf = (runs: PipelineBenchReport['runs'], cpus: number | null): PipelineBenchReport => ({
  readings: 100_000,
  seed: 1,
  corrections: 0.05,
  ids: 'uuid',
  eventHours: 24,
  cpus,
  expectedPoints: 84_000,
  validVersions: 98_000,
  jsonLines: null,
  runs,
  summary: {
    product: summarizeSide(runs.map((run) => run.product)),
    anchors: runs[0]!.anchors.map((_, mode) => {
      const anchors = runs.map((run) => run.anchors[mode]!);
      return { mode: anchors[0]!.mode, ...summarizeSide(anchors), ratio: summarizeRatio(runs.map((run) => run.product), anchors) };
    }),
  },
  chartRun: 1,
  chart: 'pipeline.svg',
});

describe('renderPipelineBenchReport', () => {
  const runs = [
    { run: 1, order: ['thermostream', 'flink', 'flink versions (postgres history)'], product: product(4), anchors: [anchor(2, false), anchor(5, true)] },
    { run: 2, order: ['flink versions (postgres history)', 'flink', 'thermostream'], product: product(5), anchors: [anchor(2, false), anchor(4, true)] },
  ];
  const text = renderPipelineBenchReport(reportOf(runs, 1));

  it('says what was measured and how the product was held', () => {
    expect(text).toContain('100,000 readings (seed 1, corrections 0.05, uuid ids, 24 h of event time), 84,000 in a French region, 98,000 valid versions; 2 runs, the order alternating');
    expect(text).toContain("the product's services and stack held to 1 core (taskset)");
  });

  it('prints every run in its order, with CPU per reading and the quiet wait, marking a wait that gave up', () => {
    expect(text).toContain('run 2 (flink versions (postgres history), then flink, then thermostream)');
    expect(text).toMatch(/^thermostream {2,}25,000 .* 30\.0 {2,}4\.5$/m);
    expect(text).toMatch(/^flink {2,}50,000 .* 20\.0 {2,}60\.0!$/m);
    expect(text).toContain('CPU: filter 1.0, postgres 2.0 = 3.0 s, 30.0 µs per reading');
    expect(text).toContain('tables not compared: this mode counts every version of a reading');
    expect(text).toContain('tables compared row by row: 312 of 312 agree');
  });

  it('gives medians with their range and the ratio to each anchor mode', () => {
    expect(text).toMatch(/^thermostream {2,}22,500 \(20,000–25,000\) .* 4\.50 \(4\.00–5\.00\)/m);
    expect(text).toContain('thermostream / flink: readings/s 0.45 (0.40–0.50), steady n/a, CPU per reading 1.50 (1.50–1.50)');
    expect(text).toContain('thermostream / flink versions (postgres history): readings/s 1.02 (0.80–1.25)');
  });
});

describe('renderPipelineBenchReport with an anchor arm that did not finish', () => {
  const unfinished: AnchorArm = {
    ...anchor(466.3, true),
    finished: false,
    seconds: Number.NaN,
    readingsPerSecond: Number.NaN,
    cpu: { ...cpuPerReading([{ name: 'flink JVM', cpuSeconds: 900 }], 100_000), microsPerReading: Number.NaN },
    details: { jvm_start_to_submit_s: '5.1', done: 'settled-at-other-count' },
    comparison: { rows: 312, agreeing: 0, disagreementCount: 312, disagreements: [] },
  };
  const runs = [
    { run: 1, order: ['thermostream', 'flink versions (postgres history)'], product: product(4), anchors: [anchor(5, true)] },
    { run: 2, order: ['flink versions (postgres history)', 'thermostream'], product: product(5), anchors: [unfinished] },
  ];
  const text = renderPipelineBenchReport(reportOf(runs, null));

  it('says so, and gives it no rate', () => {
    expect(text).toContain('did not finish (run.sh: done=settled-at-other-count): no drain rate, left out of the medians and ratios');
    expect(text).toMatch(/^flink versions \(postgres history\) {2,}n\/a /m);
  });

  it('leaves it out of the medians and the ratio: only the run that finished counts', () => {
    expect(text).toMatch(/^flink versions \(postgres history\) {2,}20,000 \(20,000–20,000\)/m);
    expect(text).toContain('thermostream / flink versions (postgres history): readings/s 1.25 (1.25–1.25)');
  });
});
