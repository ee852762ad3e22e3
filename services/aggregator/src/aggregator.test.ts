import type { ReadingDelta } from '@thermostream/avro';
import { skipRelayedTwice } from './skip-relayed-twice.ts';
import { foldDeltas } from './fold-deltas.ts';

const delta = (kind: 'ADD' | 'RETRACT', temperature: number, region = 'FR-IDF', hour = 0): ReadingDelta => ({
  reading_id: `r-${temperature}`,
  version: null,
  region_code: region,
  hour,
  kind,
  temperature,
  point_count: 1,
  temperature_sum: null,
});

const netDelta = (kind: 'ADD' | 'RETRACT', pointCount: number, temperatureSum: string, region = 'FR-IDF', hour = 0): ReadingDelta => ({
  reading_id: '',
  version: null,
  region_code: region,
  hour,
  kind,
  temperature: Number(temperatureSum),
  point_count: pointCount,
  temperature_sum: temperatureSum,
});

describe('foldDeltas', () => {
  it('nets adds and retracts per region and hour', () => {
    const changes = foldDeltas([delta('ADD', 20.5), delta('ADD', 21.3), delta('RETRACT', 20.5), delta('ADD', 7, 'FR-ARA', 3_600_000)]);
    expect(changes).toEqual([
      { regionCode: 'FR-IDF', hour: 0, temperatureSum: '21.3', pointCount: 1 },
      { regionCode: 'FR-ARA', hour: 3_600_000, temperatureSum: '7', pointCount: 1 },
    ]);
  });

  it('brings a reading added then retracted back to exactly nothing', () => {
    expect(foldDeltas([delta('ADD', 0.1), delta('ADD', 0.2), delta('RETRACT', 0.1), delta('RETRACT', 0.2)])).toEqual([
      { regionCode: 'FR-IDF', hour: 0, temperatureSum: '0.0', pointCount: 0 },
    ]);
  });

  it('counts a net delta by its count and exact sum, beside one-reading deltas', () => {
    const changes = foldDeltas([netDelta('ADD', 3, '60.35'), delta('ADD', 0.05), netDelta('RETRACT', 2, '40.2'), netDelta('ADD', 1, '-4', 'FR-COR')]);
    expect(changes).toEqual([
      { regionCode: 'FR-IDF', hour: 0, temperatureSum: '20.20', pointCount: 2 },
      { regionCode: 'FR-COR', hour: 0, temperatureSum: '-4', pointCount: 1 },
    ]);
  });
});

describe('skipRelayedTwice', () => {
  const record = (source: number, sequence: number) => ({ value: { source_partition: source, sequence, deltas: [] } });

  it('keeps records in sequence order per source partition and skips those relayed again', () => {
    const applied = new Map([[0, 5]]);
    const { fresh, repeats } = skipRelayedTwice([record(0, 4), record(0, 5), record(0, 6), record(1, 2), record(0, 6), record(1, 1), record(0, 7)], applied);
    expect(fresh.map((kept) => [kept.value.source_partition, kept.value.sequence])).toEqual([
      [0, 6],
      [1, 2],
      [0, 7],
    ]);
    expect(repeats).toBe(4);
    expect([...applied]).toEqual([
      [0, 7],
      [1, 2],
    ]);
  });

  it('keeps everything from a source partition never seen', () => {
    expect(skipRelayedTwice([record(3, 1), record(3, 9)], new Map()).fresh).toHaveLength(2);
  });
});
