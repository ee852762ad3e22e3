import { countDependencyOutages } from './dependency-outages.ts';
import { createMetrics } from './metrics.ts';
import { createOutageClock } from './outage-clock.ts';

/** A clock the test moves by hand. */
function manualTime() {
  let nowMs = 1_000_000;
  return { now: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

describe('createOutageClock', () => {
  it('counts from the first failed call to the next successful one, not from later failures', () => {
    const time = manualTime();
    const clock = createOutageClock(time.now);
    clock.report('kafka', true);
    time.advance(5_000);
    clock.report('kafka', false);
    time.advance(2_000);
    clock.report('kafka', false);
    time.advance(3_000);
    clock.report('kafka', true);
    time.advance(60_000);
    expect(clock.downSeconds('kafka')).toBe(5);
  });

  it('counts an outage still going on up to now', () => {
    const time = manualTime();
    const clock = createOutageClock(time.now);
    clock.report('postgres', false);
    time.advance(1_500);
    expect(clock.downSeconds('postgres')).toBe(1.5);
    time.advance(1_000);
    expect(clock.downSeconds('postgres')).toBe(2.5);
  });

  it('adds successive outages up, and keeps each dependency apart', () => {
    const time = manualTime();
    const clock = createOutageClock(time.now);
    for (const outageMs of [1_000, 4_000]) {
      clock.report('registry', false);
      time.advance(outageMs);
      clock.report('registry', true);
      time.advance(10_000);
    }
    expect(clock.downSeconds('registry')).toBe(5);
    expect(clock.downSeconds('kafka')).toBe(0);
  });
});

describe('countDependencyOutages', () => {
  const sample = (exposition: string, dependency: string) => {
    const line = exposition.split('\n').find((candidate) => candidate.startsWith(`thermostream_dependency_outage_seconds_total{dependency="${dependency}"`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('exports 0 for each dependency the service uses, then the seconds it is down, current at every scrape', async () => {
    const time = manualTime();
    const metrics = createMetrics({ service: 'filter', collectDefaults: false });
    const outages = countDependencyOutages(metrics, createOutageClock(time.now));
    const kafka = outages.reporter('kafka');
    outages.reporter('registry');
    const first = await metrics.registry.metrics();
    expect([sample(first, 'kafka'), sample(first, 'registry'), sample(first, 'postgres')]).toEqual([0, 0, undefined]);

    kafka(false);
    time.advance(3_000);
    expect(sample(await metrics.registry.metrics(), 'kafka')).toBe(3);
    time.advance(4_000);
    kafka(true);
    time.advance(30_000);
    const after = await metrics.registry.metrics();
    expect([sample(after, 'kafka'), sample(after, 'registry')]).toEqual([7, 0]);
  });
});
