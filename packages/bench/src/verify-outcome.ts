import { verifyPipeline } from '@thermostream/pipeline';
import type { StackEndpoints } from '@thermostream/stack';

/** The recount of `thermo verify` as a benchmark reports it: what the table should hold according to the changelog. */
export interface VerifyOutcome {
  regionHoursCompared: number;
  currentReadings: number;
  differences: number;
  imbalances: number;
}

/**
 * `thermo verify` on a namespace of a stack, its differences counted: the changelog's recount only.
 * The benchmarks time the table and retry verify until it settles; waiting for the lake-writer's last
 * idle flush (LAKE_IDLE_FLUSH_MS, 30 s by default) on every try would measure the lake, not the table.
 */
export async function verifyOutcome(endpoints: StackEndpoints, namespace: string): Promise<VerifyOutcome> {
  const report = await verifyPipeline({ endpoints, namespace, lake: { skip: 'benchmarks and chaos check the table against the changelog only' } });
  return { regionHoursCompared: report.regionHoursCompared, currentReadings: report.currentReadings, differences: report.differences.length, imbalances: report.imbalances };
}
