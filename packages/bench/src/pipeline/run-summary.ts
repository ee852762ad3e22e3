import type { CpuPerReading } from './cpu-per-reading.ts';
import type { QuietWait } from './quiet-machine.ts';
import { spread, spreadOfKnown, type Spread } from './spread.ts';

/** The figures of one arm that the summary gathers over the runs. */
export interface ArmFigures {
  seconds: number;
  readingsPerSecond: number;
  steadyReadingsPerSecond: number | null;
  cpu: CpuPerReading;
  quietWait: QuietWait;
}

export interface SideSummary {
  seconds: Spread;
  readingsPerSecond: Spread;
  steadyReadingsPerSecond: Spread | null;
  cpuMicrosPerReading: Spread;
  quietWaitSeconds: Spread;
}

/** Product divided by one anchor mode, run by run: above 1 the product drains faster, or spends more CPU per reading. */
export interface RatioSummary {
  readingsPerSecond: Spread;
  steadyReadingsPerSecond: Spread | null;
  cpuPerReading: Spread;
}

export function summarizeSide(arms: readonly ArmFigures[]): SideSummary {
  return {
    seconds: spread(arms.map((arm) => arm.seconds)),
    readingsPerSecond: spread(arms.map((arm) => arm.readingsPerSecond)),
    steadyReadingsPerSecond: spreadOfKnown(arms.map((arm) => arm.steadyReadingsPerSecond)),
    cpuMicrosPerReading: spread(arms.map((arm) => arm.cpu.microsPerReading)),
    quietWaitSeconds: spread(arms.map((arm) => arm.quietWait.waitedSeconds)),
  };
}

/**
 * The ratios of the two sides of each run, then their spread: two arms of one run shared the
 * machine's mood, so their ratio is steadier than a ratio of medians taken from different runs.
 */
export function summarizeRatio(product: readonly ArmFigures[], anchor: readonly ArmFigures[]): RatioSummary {
  if (product.length !== anchor.length) throw new Error(`${product.length} product arms against ${anchor.length} anchor arms: a ratio needs one of each per run`);
  const perRun = product.map((arm, run) => ({ product: arm, anchor: anchor[run]! }));
  return {
    readingsPerSecond: spread(perRun.map((pair) => pair.product.readingsPerSecond / pair.anchor.readingsPerSecond)),
    steadyReadingsPerSecond: spreadOfKnown(
      perRun.map((pair) =>
        pair.product.steadyReadingsPerSecond === null || pair.anchor.steadyReadingsPerSecond === null ? null : pair.product.steadyReadingsPerSecond / pair.anchor.steadyReadingsPerSecond,
      ),
    ),
    cpuPerReading: spread(perRun.map((pair) => pair.product.cpu.microsPerReading / pair.anchor.cpu.microsPerReading)),
  };
}
