import type { Aggregates } from '../chaos/pipeline-state.ts';
import { generateBacklog } from '../pipeline/backlog.ts';
import type { PartnerReading } from '../reading-generator.ts';
import { currentReadingsOf, expectedPoints, recoveryBatch } from './recovery-batch.ts';

/** West of 4° E is region A, east of it region B, nothing outside France's rough rectangle. */
const assign = (lat: number, lon: number) => (lat < 42 || lat > 51.5 || lon < -5 || lon > 8.3 ? null : lon < 4 ? 'FR-A' : 'FR-B') as never;

/** The table from scratch: each current reading counted once, in its region and hour. */
function tableOf(readings: Iterable<PartnerReading>): Aggregates {
  const table: Aggregates = new Map();
  for (const reading of readings) {
    const region = assign(reading.lat as number, reading.lon as number) as string | null;
    if (region === null) continue;
    const key = `${region}|${(reading.timestamp as string).slice(0, 13).replace(' ', 'T')}:00:00.000Z`;
    const aggregate = table.get(key) ?? { points: 0, sumTenths: 0 };
    aggregate.points += 1;
    aggregate.sumTenths += Math.round((reading.temperature as number) * 10);
    table.set(key, aggregate);
  }
  return table;
}

describe('recovery batches', () => {
  const backlog = generateBacklog({ count: 5_000, seed: 4, corrections: 0, assign });

  it("start from the drained backlog's valid readings and its expectation, copied", () => {
    const current = currentReadingsOf(backlog);
    expect(current.ids).toHaveLength(backlog.validVersions);
    expect(current.expected).toEqual(backlog.expected);
    current.expected.clear();
    expect(backlog.expected.size).toBeGreaterThan(0);
  });

  it('send fresh ids and corrections of held ids, and keep the expectation equal to the table recounted', () => {
    const current = currentReadingsOf(backlog);
    const held = new Map(current.latest);
    const batch = recoveryBatch(current, { seed: 4, round: 0, fresh: 300, corrections: 200, assign });
    expect(batch.readings).toHaveLength(500);
    expect([batch.fresh, batch.corrections]).toEqual([300, 200]);
    const corrections = batch.readings.filter((reading) => held.has(reading.id as string));
    expect(corrections).toHaveLength(200);
    for (const correction of corrections) {
      const previous = held.get(correction.id as string)!;
      expect(correction.version).toBe((previous.version as number) + 1);
      expect(correction.temperature).not.toBe(previous.temperature);
    }
    // Some move to another hour: the retraction must find the old one.
    expect(corrections.some((correction) => correction.timestamp !== held.get(correction.id as string)!.timestamp)).toBe(true);
    expect(current.expected).toEqual(tableOf(current.latest.values()));
    expect(expectedPoints(current.expected)).toBe(expectedPoints(tableOf(current.latest.values())));
    expect(current.ids).toHaveLength(backlog.validVersions + 300);
  });

  it("correct half of the last batch's ids again in the next round, with new ids of their own", () => {
    const current = currentReadingsOf(backlog);
    const first = recoveryBatch(current, { seed: 4, round: 0, fresh: 300, corrections: 200, assign });
    const second = recoveryBatch(current, { seed: 4, round: 1, fresh: 300, corrections: 200, recent: first.touched, assign });
    const touched = new Set(first.touched);
    const again = second.readings.filter((reading) => touched.has(reading.id as string));
    // Half picked among them, and the other half among every held id, the last batch's included.
    expect(again.length).toBeGreaterThanOrEqual(100);
    expect(again.length).toBeLessThan(200);
    expect(second.readings.filter((reading) => reading.version === 1).every((reading) => !touched.has(reading.id as string))).toBe(true);
    expect(current.expected).toEqual(tableOf(current.latest.values()));
  });

  it('are the same for the same seed and round', () => {
    const batch = () => recoveryBatch(currentReadingsOf(backlog), { seed: 4, round: 1, fresh: 50, corrections: 50, assign }).readings;
    expect(batch()).toEqual(batch());
  });
});
