import { createFetchSizer, smallestFirstFetchBytes } from './fetch-size.ts';

describe('createFetchSizer', () => {
  it('starts at a sixteenth of the most and doubles after each fetch that brought records', () => {
    const sizer = createFetchSizer(512 * 1024);
    const seen = [sizer.current];
    for (let fetch = 0; fetch < 6; fetch += 1) {
      sizer.fetched(true);
      seen.push(sizer.current);
    }
    expect(seen.map((bytes) => bytes / 1024)).toEqual([32, 64, 128, 256, 512, 512, 512]);
  });

  it('keeps its size while fetches come back empty', () => {
    const sizer = createFetchSizer(512 * 1024);
    sizer.fetched(false);
    sizer.fetched(false);
    expect(sizer.current).toBe(32 * 1024);
  });

  it('never starts below the smallest first fetch, nor above the most', () => {
    expect(createFetchSizer(64 * 1024).current).toBe(smallestFirstFetchBytes);
    expect(createFetchSizer(4 * 1024).current).toBe(4 * 1024);
  });
});
