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

/** How long verify may wait for the last deltas to settle once the table is complete. */
const verifyDeadlineMs = 30_000;

/** The table is complete before the last deltas' bookkeeping is: retry verify until it passes or the deadline. */
export async function verifyUntilSettled(endpoints: StackEndpoints, namespace: string): Promise<VerifyOutcome> {
  const deadline = Date.now() + verifyDeadlineMs;
  for (;;) {
    const outcome = await verifyOutcome(endpoints, namespace);
    if ((outcome.differences === 0 && outcome.imbalances === 0) || Date.now() > deadline) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
