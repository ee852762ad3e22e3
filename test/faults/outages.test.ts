import { killComponent, pauseComponent, stopPostgresImmediately } from '@thermostream/bench';
import { faultRun, outageOf, startFaultBench, type FaultBench, type FaultOutcome } from './ride-through.ts';

describe('the pipeline rides through infrastructure outages on one broker', () => {
  let bench: FaultBench | undefined;
  let resumeBroker: (() => void) | undefined;

  beforeAll(async () => {
    bench = await startFaultBench(1, 'faults');
  }, 300_000);

  afterAll(async () => {
    resumeBroker?.();
    await bench?.stop();
  }, 120_000);

  it('counts every acknowledged reading once, and every service works again, after a broker crash, a PostgreSQL immediate shutdown, a registry crash and a broker stopped for a while', async () => {
    const { stack } = bench!;
    const heal = () => stack.heal();
    const outcomes: FaultOutcome[] = [];
    outcomes.push(await bench!.rideThrough({ name: 'broker SIGKILL', inject: () => killComponent(stack.options, 'kafka'), outage: outageOf(faultRun.outageSeconds), restore: heal }));
    outcomes.push(await bench!.rideThrough({ name: 'PostgreSQL immediate shutdown', inject: () => stopPostgresImmediately(stack.options), outage: outageOf(faultRun.outageSeconds), restore: heal }));
    outcomes.push(await bench!.rideThrough({ name: 'registry SIGKILL', inject: () => killComponent(stack.options, 'registry'), outage: outageOf(faultRun.outageSeconds), restore: heal }));
    outcomes.push(
      await bench!.rideThrough({
        name: `broker SIGSTOP ${faultRun.pauseSeconds} s`,
        inject: async () => void (resumeBroker = pauseComponent(stack.options, 'kafka')),
        outage: outageOf(faultRun.pauseSeconds),
        restore: async () => {
          resumeBroker!();
          resumeBroker = undefined;
        },
      }),
    );
    expect(outcomes.map((outcome) => outcome.fault)).toHaveLength(4);
    const { counters } = bench!.load;
    expect(counters.acknowledgedReadings).toBeGreaterThan(4 * faultRun.readingsBetween);
    console.log(`outages: ${JSON.stringify(outcomes)}; load ${JSON.stringify(counters)}`);
  }, 4 * (faultRun.outageSeconds + faultRun.recoverySeconds + 180) * 1000);
});
