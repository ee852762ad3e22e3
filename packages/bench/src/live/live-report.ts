import type { ServiceUsage } from '../pipeline/service-usage.ts';
import type { VerifyOutcome } from '../verify-outcome.ts';

export interface LiveBenchReport {
  namespace: string;
  /** How long the load ran. */
  seconds: number;
  /** The rate asked for, or null: as fast as the pipeline kept up. */
  rate: number | null;
  connections: number;
  readingsPerRequest: number;
  /** Readings in requests http-ingest answered 2xx. */
  readings: number;
  accepted: number;
  rejected: number;
  /** Of the readings, those in a French region. */
  points: number;
  retriedRequests: number;
  ingestReadingsPerSecond: number;
  /** Readings sent, divided by the time from the load's start until the table counted all of them. */
  endToEndReadingsPerSecond: number;
  secondsUntilTableComplete: number;
  /** From a request's 2xx until the table had caught up with it. */
  freshnessMs: { p50: number | null; p99: number | null; max: number | null };
  services: ServiceUsage[];
  peakRssMegabytes: number;
  verify: VerifyOutcome & { passed: boolean };
  chart: string;
}

export function renderLiveBenchReport(report: LiveBenchReport): string {
  const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`);
  return [
    `live, namespace ${report.namespace}: ${report.connections} connections, ${report.readingsPerRequest} readings a request, ${report.seconds} s, ` +
      (report.rate === null ? 'as fast as the pipeline kept up' : `${report.rate} readings/s offered`),
    `  ${integer(report.readings)} readings acknowledged (${integer(report.accepted)} accepted, ${integer(report.rejected)} rejected, ${integer(report.points)} in a region), ${report.retriedRequests} requests retried after a 503`,
    `  http-ingest took ${integer(report.ingestReadingsPerSecond)} readings/s; end to end ${integer(report.endToEndReadingsPerSecond)} readings/s (the table had them all after ${report.secondsUntilTableComplete.toFixed(1)} s)`,
    `  freshness (2xx to the table): p50 ${ms(report.freshnessMs.p50)}, p99 ${ms(report.freshnessMs.p99)}, max ${ms(report.freshnessMs.max)}`,
    `  services' peak RSS, summed: ${report.peakRssMegabytes} MB`,
    ...report.services.map(
      (usage) => `  ${usage.service.padEnd(20)} busy ${usage.busy.toFixed(2)} cores, ${usage.cpuSeconds.toFixed(1)} CPU s, peak RSS ${usage.peakRssMegabytes} MB`,
    ),
    `  verify: ${report.verify.passed ? 'passed' : 'FAILED'} (${report.verify.regionHoursCompared} region-hours, ${integer(report.verify.currentReadings)} current readings, ${report.verify.differences} differences, ${report.verify.imbalances} imbalances)`,
    `chart: ${report.chart}`,
  ].join('\n');
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');
