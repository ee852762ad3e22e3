import type { VerifyOutcome } from '../verify-outcome.ts';
import type { CatchUp } from './replacement-log.ts';

/** One SIGKILL of the scd-writer and its replacement, with the same state directory. */
export interface Recovery {
  /** Whether the replacement found the killed instance's local store, or none (deleted after the kill). */
  store: 'kept' | 'deleted';
  /** Sent after the kill, before the replacement's launch: new ids, and corrections of ids the pipeline holds. */
  batch: { fresh: number; corrections: number; publishSeconds: number };
  /** From the SIGKILL to the replacement's launch: the batch's publishing (and the store's deletion). */
  killToLaunchSeconds: number;
  /** From the launch until the replacement logged that it joined its group; null if it did not log it. */
  joinedSeconds: number | null;
  /** From the launch until /readyz answered 200: joined, and the local store caught up. */
  readySeconds: number;
  /** From the launch until its thermostream_records_consumed_total moved: consuming again. */
  consumingSeconds: number;
  /** From the launch until region_hourly_temperature equalled the expectation, the batch in it. */
  tableSeconds: number;
  /** What its catch-up lines said. */
  catchUp: CatchUp;
  /** Its thermostream_state_restored_records_total once the batch was in the table. */
  restoredRecords: number;
}

export interface RecoveryBenchReport {
  readings: number;
  seed: number;
  namespace: string;
  /** KAFKA_SESSION_TIMEOUT_MS of the services: how long the group waits for the killed member. */
  sessionTimeoutMs: number;
  /** The bound: a replacement consumes again within this many seconds of the kill. */
  targetSeconds: number;
  /** The backlog's drain through the processing chain, before the first kill. */
  drain: { publishSeconds: number; secondsToReady: number; seconds: number; readingsPerSecond: number; expectedPoints: number };
  recoveries: Recovery[];
  /** After every batch: the table against the expectation, and thermo verify's recount. */
  expectedPoints: number;
  table: { equal: boolean; missingPoints: number; extraPoints: number; differences: string[] };
  verify: VerifyOutcome & { passed: boolean };
  /** The services' logs, kept with --keep. */
  logDir: string | null;
}

/** From the kill until the replacement consumed again. */
export const killToConsuming = (recovery: Recovery): number => recovery.killToLaunchSeconds + recovery.consumingSeconds;

export const recoveryPassed = (report: RecoveryBenchReport): boolean => report.verify.passed && report.table.equal;

export function renderRecoveryBenchReport(report: RecoveryBenchReport): string {
  const { drain, recoveries } = report;
  const cells = (figure: (recovery: Recovery) => string) => recoveries.map(figure);
  const lines = [
    `scd-writer recovery after SIGKILL: ${integer(report.readings)} readings (seed ${report.seed}, UUID ids) through namespace ${report.namespace}; ` +
      `group session timeout ${integer(report.sessionTimeoutMs)} ms`,
    `drain: published in ${fixed(drain.publishSeconds, 1)} s; the chain ready after ${fixed(drain.secondsToReady, 2)} s; ` +
      `${integer(drain.expectedPoints)} points in the table after ${fixed(drain.seconds, 2)} s (${integer(drain.readingsPerSecond)} readings/s)`,
    '',
    row('', ...cells((recovery) => `store ${recovery.store}`)),
    row('batch sent after the kill (new + corr.)', ...cells((recovery) => `${integer(recovery.batch.fresh)} + ${integer(recovery.batch.corrections)}`)),
    row('kill → replacement launched (s)', ...cells((recovery) => fixed(recovery.killToLaunchSeconds, 2))),
    row('launch → joined its group (s)', ...cells((recovery) => (recovery.joinedSeconds === null ? 'n/a' : fixed(recovery.joinedSeconds, 2)))),
    row('launch → ready (s)', ...cells((recovery) => fixed(recovery.readySeconds, 2))),
    row('launch → consuming again (s)', ...cells((recovery) => fixed(recovery.consumingSeconds, 2))),
    row('launch → batch in the table (s)', ...cells((recovery) => fixed(recovery.tableSeconds, 2))),
    row(`kill → consuming again (s), target ${report.targetSeconds}`, ...cells((recovery) => `${fixed(killToConsuming(recovery), 2)} ${killToConsuming(recovery) <= report.targetSeconds ? 'met' : 'missed'}`)),
    row('local store', ...cells((recovery) => recovery.catchUp.store)),
    row('  partitions logged', ...cells((recovery) => String(recovery.catchUp.partitions))),
    row('  ids restored', ...cells((recovery) => integer(recovery.catchUp.restored))),
    row('  seconds (partitions summed)', ...cells((recovery) => fixed(recovery.catchUp.seconds, 3))),
    row('  ids/s', ...cells((recovery) => (recovery.catchUp.idsPerSecond === null ? 'n/a' : integer(recovery.catchUp.idsPerSecond)))),
    '',
    `table: ${report.table.equal ? 'equals' : 'DIFFERS from'} the expectation after every batch (${integer(report.expectedPoints)} points: corrections retracted what their previous versions added)` +
      (report.table.equal ? '' : `; ${integer(report.table.missingPoints)} points missing, ${integer(report.table.extraPoints)} extra`),
    ...report.table.differences.map((difference) => `  ${difference}`),
    `verify: ${report.verify.passed ? 'passed' : 'FAILED'} (${report.verify.regionHoursCompared} region-hours, ${integer(report.verify.currentReadings)} current readings, ` +
      `${report.verify.differences} differences, ${report.verify.imbalances} imbalances)`,
    "launch: the replacement's process start; ready: /readyz answers 200 (group joined, local store caught up); consuming again: its first batch handled " +
      '(thermostream_records_consumed_total); the group lets the replacement join once the killed member is gone, at the latest after the session timeout. ' +
      'The local store figures are its own catch-up log lines, one per partition read.',
  ];
  if (report.logDir !== null) lines.push(`logs: ${report.logDir}`);
  return lines.join('\n');
}

const row = (label: string, ...cells: string[]) => label.padEnd(42) + cells.map((cell) => cell.padStart(18)).join('');
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
