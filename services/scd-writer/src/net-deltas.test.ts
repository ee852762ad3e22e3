import type { ReadingDelta } from '@thermostream/avro';
import { NetDeltas } from './net-deltas.ts';

const netOf = (...deltas: [ReadingDelta['kind'], number, string?, number?][]) => {
  const net = new NetDeltas();
  for (const [kind, temperature, region = 'FR-IDF', hour = 0] of deltas) net.add(kind, region, hour, temperature);
  return net.deltas();
};

describe('NetDeltas', () => {
  it('nets a batch to one delta per region, hour and kind, with its count and exact sum', () => {
    expect(netOf(['ADD', 0.1], ['ADD', 0.2], ['RETRACT', 21.37], ['ADD', 7, 'FR-ARA'], ['ADD', -3.5, 'FR-IDF', 3_600_000], ['RETRACT', 0.3])).toEqual([
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'ADD', temperature: 0.3, point_count: 2, temperature_sum: '0.3' },
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'RETRACT', temperature: 21.67, point_count: 2, temperature_sum: '21.67' },
      { reading_id: '', version: null, region_code: 'FR-ARA', hour: 0, kind: 'ADD', temperature: 7, point_count: 1, temperature_sum: '7' },
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 3_600_000, kind: 'ADD', temperature: -3.5, point_count: 1, temperature_sum: '-3.5' },
    ]);
  });

  it('sums exactly where doubles would drift', () => {
    expect(netOf(['ADD', 0.1], ['ADD', 0.2], ['ADD', 0.7])).toEqual([
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'ADD', temperature: 1, point_count: 3, temperature_sum: '1.0' },
    ]);
  });

  it('nets nothing to nothing', () => {
    expect(new NetDeltas().deltas()).toEqual([]);
  });
});
