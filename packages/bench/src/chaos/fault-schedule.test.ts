import { seededRandom } from '../reading-generator.ts';
import { chaosFaultKinds, faultSchedule, type PlannedFault } from './fault-schedule.ts';

const take = (count: number, seed: number, brokers = 3): PlannedFault[] => {
  const schedule = faultSchedule({ random: seededRandom(seed), brokers, services: ['a', 'b', 'c'] });
  return Array.from({ length: count }, () => schedule.next().value as PlannedFault);
};

describe('the chaos fault schedule', () => {
  it('meets every kind of fault in each round of five', () => {
    const faults = take(15, 3);
    for (let round = 0; round < 3; round += 1) {
      expect(new Set(faults.slice(round * 5, round * 5 + 5).map((fault) => fault.kind))).toEqual(new Set(chaosFaultKinds));
    }
  });

  it('kills every service once before any twice, and hits only brokers that exist', () => {
    const faults = take(50, 5, 3);
    const killed = faults.filter((fault) => fault.kind === 'service-killed').map((fault) => fault.target);
    expect(new Set(killed.slice(0, 3))).toEqual(new Set(['a', 'b', 'c']));
    for (const fault of faults.filter((planned) => planned.kind.startsWith('broker'))) expect([1, 2, 3]).toContain(fault.target);
    expect(take(20, 5, 1).filter((fault) => fault.kind.startsWith('broker')).every((fault) => fault.target === 1)).toBe(true);
  });

  it('repeats with its seed', () => {
    expect(take(10, 9)).toEqual(take(10, 9));
    expect(take(10, 9)).not.toEqual(take(10, 10));
  });
});
