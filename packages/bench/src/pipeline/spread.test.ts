import { medianRun, spread, spreadOfKnown } from './spread.ts';

describe('spread', () => {
  it('gives the middle run of an odd count and the range', () => {
    expect(spread([30.5, 27.1, 29])).toEqual({ median: 29, min: 27.1, max: 30.5 });
  });

  it('gives the mean of the two middle runs of an even count', () => {
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('is the run itself for one run', () => {
    expect(spread([7])).toEqual({ median: 7, min: 7, max: 7 });
  });

  it('leaves out runs without the figure (an anchor arm that did not finish), all NaN when none has it', () => {
    expect(spread([Number.NaN, 41_263, 36_361])).toEqual({ median: 38_812, min: 36_361, max: 41_263 });
    expect(spread([Number.NaN, Number.NaN])).toEqual({ median: Number.NaN, min: Number.NaN, max: Number.NaN });
  });

  it('refuses no runs', () => {
    expect(() => spread([])).toThrow(/at least one run/);
  });
});

describe('spreadOfKnown', () => {
  it('leaves out the runs without the figure, and is null when none has it', () => {
    expect(spreadOfKnown([null, 5, 3])).toEqual({ median: 4, min: 3, max: 5 });
    expect(spreadOfKnown([null, null])).toBeNull();
  });
});

describe('medianRun', () => {
  it('names the run with the median figure, the lower middle one for an even count', () => {
    expect(medianRun([26.4, 27.5, 26.9])).toBe(2);
    expect(medianRun([4, 1, 3, 2])).toBe(3);
    expect(medianRun([9])).toBe(0);
  });
});
