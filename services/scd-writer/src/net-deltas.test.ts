import type { ReadingDelta } from '@thermostream/avro';
import { netDeltas } from './net-deltas.ts';

const delta = (readingId: string, kind: ReadingDelta['kind'], temperature: number, region = 'FR-IDF', hour = 0): ReadingDelta => ({
  reading_id: readingId,
  version: 1,
  region_code: region,
  hour,
  kind,
  temperature,
  point_count: 1,
  temperature_sum: null,
});

describe('netDeltas', () => {
  it('nets a batch to one delta per region, hour and kind, with its count and exact sum', () => {
    const net = netDeltas([
      delta('a', 'ADD', 0.1),
      delta('b', 'ADD', 0.2),
      delta('c', 'RETRACT', 21.37),
      delta('d', 'ADD', 7, 'FR-ARA'),
      delta('e', 'ADD', -3.5, 'FR-IDF', 3_600_000),
      delta('f', 'RETRACT', 0.3),
    ]);
    expect(net).toEqual([
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'ADD', temperature: 0.3, point_count: 2, temperature_sum: '0.3' },
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'RETRACT', temperature: 21.67, point_count: 2, temperature_sum: '21.67' },
      { reading_id: '', version: null, region_code: 'FR-ARA', hour: 0, kind: 'ADD', temperature: 7, point_count: 1, temperature_sum: '7' },
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 3_600_000, kind: 'ADD', temperature: -3.5, point_count: 1, temperature_sum: '-3.5' },
    ]);
  });

  it('nets deltas that were netted already, by their counts and sums', () => {
    const once = netDeltas([delta('a', 'ADD', 0.1), delta('b', 'ADD', 0.2)]);
    expect(netDeltas([...once, delta('c', 'ADD', 0.7)])).toEqual([
      { reading_id: '', version: null, region_code: 'FR-IDF', hour: 0, kind: 'ADD', temperature: 1, point_count: 3, temperature_sum: '1.0' },
    ]);
  });

  it('nets nothing to nothing', () => {
    expect(netDeltas([])).toEqual([]);
  });
});
