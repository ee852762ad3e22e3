/** Points in the table at a moment, seconds after the clock started. */
export interface ProgressSample {
  seconds: number;
  points: number;
}

/** The window whose slope is the steady rate: after start-up, before the last flushes. */
export const steadyWindow = { from: 0.2, to: 0.9 } as const;

/**
 * Readings per second while warm: the slope of points in the table between the first samples at
 * 20 % and at 90 % of the expected points, scaled from points to readings (invalid and foreign
 * readings cross the pipeline too). The Flink anchor computes its steady rate the same way.
 */
export function steadyReadingsPerSecond(samples: readonly ProgressSample[], expectedPoints: number, readings: number): number | undefined {
  const first = samples.find((sample) => sample.points >= steadyWindow.from * expectedPoints);
  const last = samples.find((sample) => sample.points >= steadyWindow.to * expectedPoints);
  if (first === undefined || last === undefined || last.seconds <= first.seconds) return undefined;
  return ((last.points - first.points) / (last.seconds - first.seconds)) * (readings / expectedPoints);
}

/** Seconds until the table first held a point. */
export function secondsToFirstPoint(samples: readonly ProgressSample[]): number | undefined {
  return samples.find((sample) => sample.points > 0)?.seconds;
}

/** Reads the anchor's progress.txt: `seconds points` lines after a `#` header. */
export function parseProgressFile(text: string): ProgressSample[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [seconds, points] = line.trim().split(/\s+/).map(Number) as [number, number];
      return { seconds, points };
    });
}
