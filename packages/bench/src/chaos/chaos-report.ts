import type { VerifyOutcome } from '../verify-outcome.ts';
import type { ChaosFaultKind } from './fault-schedule.ts';
import type { PartnerLoadCounters } from './partner-load.ts';

export interface FaultRecord {
  kind: ChaosFaultKind;
  target?: string;
  /** Seconds from the start of the load. */
  atSeconds: number;
  /** From the fault until the component was back (0 for a killed service: its supervisor brings it back). */
  outageSeconds: number;
  /** From the component's return until every acknowledged reading was in the table once and every service worked; null if not within the deadline. */
  recoverySeconds: number | null;
}

export interface ChaosReport {
  /** The data directory of the run's own stack: removed at the end of a run that passed, kept with its logs otherwise. */
  stack: string;
  brokers: number;
  seed: number;
  /** Readings a second the partner offered. */
  rate: number;
  seconds: number;
  faults: FaultRecord[];
  load: PartnerLoadCounters;
  /** Points the generator expects and the table lacks at the end. */
  lostPoints: number;
  /** Points the table holds beyond the expectation at the end. */
  countedTwicePoints: number;
  /** Whether the table reached the expectation and every service worked after the load stopped. */
  settled: boolean;
  differences: string[];
  longestStallSeconds: number;
  supervisorRestarts: number;
  verify: VerifyOutcome;
}

/** Whether the run showed the guarantee: nothing lost, nothing counted twice, every fault recovered from, thermo verify clean. */
export function chaosPassed(report: ChaosReport): boolean {
  return (
    report.settled &&
    report.lostPoints === 0 &&
    report.countedTwicePoints === 0 &&
    report.faults.every((fault) => fault.recoverySeconds !== null) &&
    report.verify.differences === 0 &&
    report.verify.imbalances === 0
  );
}

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
};

export function renderChaosReport(report: ChaosReport): string {
  const kinds = new Map<string, FaultRecord[]>();
  for (const fault of report.faults) kinds.set(fault.kind, [...(kinds.get(fault.kind) ?? []), fault]);
  const seconds = (value: number | null) => (value === null ? 'not recovered' : `${value.toFixed(1)} s`);
  const lines = [
    `chaos: ${(report.seconds / 60).toFixed(1)} min on a stack of its own (${report.brokers} broker${report.brokers === 1 ? '' : 's'}), seed ${report.seed}, ${report.rate} readings/s offered`,
    `readings acknowledged: ${report.load.acknowledgedReadings} (${report.load.acknowledgedRequests} requests; ${report.load.refusedRequests} answered 503 and ${report.load.droppedRequests} dropped, all sent again)`,
    `lost: ${report.lostPoints}    counted twice: ${report.countedTwicePoints}    ${report.settled ? 'table settled' : 'table NOT settled after the load'}`,
    `thermo verify (the changelog's recount; the lake is not checked): ${report.verify.differences} differences, ${report.verify.imbalances} imbalances over ${report.verify.regionHoursCompared} region-hours`,
    `longest stall: ${report.longestStallSeconds.toFixed(1)} s (the table did not move while readings waited)`,
    `supervisor restarts: ${report.supervisorRestarts}`,
    '',
    '| fault | injected | recovery p50 | recovery max |',
    '|---|---|---|---|',
    ...[...kinds].map(([kind, faults]) => {
      const recoveries = faults.flatMap((fault) => (fault.recoverySeconds === null ? [] : [fault.recoverySeconds]));
      const unrecovered = faults.length - recoveries.length;
      return `| ${kind} | ${faults.length} | ${seconds(percentile(recoveries, 0.5))} | ${unrecovered > 0 ? `${unrecovered} not recovered` : seconds(percentile(recoveries, 1))} |`;
    }),
    '',
    'faults in order (at, what, outage, recovery):',
    ...report.faults.map(
      (fault) => `  ${fault.atSeconds.toFixed(1).padStart(7)} s  ${`${fault.kind}${fault.target ? ` ${fault.target}` : ''}`.padEnd(34)} ${fault.outageSeconds.toFixed(1).padStart(5)} s  ${seconds(fault.recoverySeconds)}`,
    ),
  ];
  if (report.differences.length > 0) lines.push('', 'first differences (region|hour):', ...report.differences.map((line) => `  ${line}`));
  lines.push('', chaosPassed(report) ? 'PASSED: every acknowledged reading counted exactly once' : `FAILED; the stack's data and logs are kept in ${report.stack}`);
  return lines.join('\n');
}
