import { createFetchSizer, smallestFetchBytes } from './fetch-size.ts';

const roomy = { maxBytesPerPartition: 512 * 1024, maxRecordBytes: 1024 * 1024 * 1024 };
/** A fetch that brought `wirePerPartition` bytes from each of `partitions` partitions, compressed `ratio` to one. */
const fullFetch = (wirePerPartition: number, partitions: number, ratio: number) => ({
  wireBytes: wirePerPartition * partitions,
  recordBytes: wirePerPartition * partitions * ratio,
  partitions,
});

describe('createFetchSizer', () => {
  it('starts at a sixteenth of the most and doubles after each fetch that brought records', () => {
    const sizer = createFetchSizer(roomy);
    const seen = [sizer.current];
    for (let fetch = 0; fetch < 6; fetch += 1) {
      sizer.fetched(fullFetch(sizer.current, 6, 4));
      seen.push(sizer.current);
    }
    expect(seen.map((bytes) => bytes / 1024)).toEqual([32, 64, 128, 256, 512, 512, 512]);
  });

  it('keeps its size while fetches come back empty', () => {
    const sizer = createFetchSizer(roomy);
    sizer.fetched({ wireBytes: 0, recordBytes: 0, partitions: 6 });
    sizer.fetched({ wireBytes: 0, recordBytes: 0, partitions: 6 });
    expect(sizer.current).toBe(32 * 1024);
  });

  it('stops growing where a fetch of every partition would bring more than the most uncompressed bytes', () => {
    // Compressed 4 to 1: 2.4 MB uncompressed over 4 partitions is 150,000 wire bytes each.
    const sizer = createFetchSizer({ maxBytesPerPartition: 512 * 1024, maxRecordBytes: 2_400_000 });
    for (let fetch = 0; fetch < 8; fetch += 1) sizer.fetched(fullFetch(sizer.current, 4, 4));
    expect(sizer.current).toBe(150_000);
    expect(fullFetch(sizer.current, 4, 4).recordBytes).toBe(2_400_000);
  });

  it('follows the compression when it gets better or worse', () => {
    const sizer = createFetchSizer({ maxBytesPerPartition: 512 * 1024, maxRecordBytes: 2_400_000 });
    for (let fetch = 0; fetch < 8; fetch += 1) sizer.fetched(fullFetch(sizer.current, 4, 4));
    sizer.fetched(fullFetch(sizer.current, 4, 8));
    expect(sizer.current).toBe(75_000);
    sizer.fetched(fullFetch(sizer.current, 4, 2));
    expect(sizer.current).toBe(150_000);
  });

  it('never asks for less than the smallest first fetch, nor starts above the most', () => {
    const sizer = createFetchSizer({ maxBytesPerPartition: 512 * 1024, maxRecordBytes: 1_000 });
    sizer.fetched(fullFetch(sizer.current, 6, 4));
    expect(sizer.current).toBe(smallestFetchBytes);
    expect(createFetchSizer({ ...roomy, maxBytesPerPartition: 64 * 1024 }).current).toBe(smallestFetchBytes);
    expect(createFetchSizer({ ...roomy, maxBytesPerPartition: 4 * 1024 }).current).toBe(4 * 1024);
  });
});
