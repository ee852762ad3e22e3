import { verifyPipeline } from '@thermostream/pipeline';
import type { StackEndpoints } from '@thermostream/stack';

/** The recount of `thermo verify` as a benchmark reports it: what the table should hold according to the changelog. */
export interface VerifyOutcome {
  regionHoursCompared: number;
  currentReadings: number;
  differences: number;
  imbalances: number;
}

/** `thermo verify` on a namespace of a stack, its differences counted. */
export async function verifyOutcome(endpoints: StackEndpoints, namespace: string): Promise<VerifyOutcome> {
  const report = await verifyPipeline({ endpoints, namespace });
  return { regionHoursCompared: report.regionHoursCompared, currentReadings: report.currentReadings, differences: report.differences.length, imbalances: report.imbalances };
}
