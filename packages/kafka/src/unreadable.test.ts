import { findReadableOffset, isUnreadableData } from './unreadable.ts';

/** A log of batches [first, last]; reading an offset answers the base of its batch, or undefined in a corrupt one. */
function log(batches: { first: number; last: number; corrupt?: boolean }[]) {
  const reads: number[] = [];
  const read = async (offset: bigint) => {
    reads.push(Number(offset));
    const batch = batches.find((candidate) => Number(offset) >= candidate.first && Number(offset) <= candidate.last);
    if (!batch) return offset;
    return batch.corrupt ? undefined : BigInt(batch.first);
  };
  return { read, reads };
}

describe('findReadableOffset', () => {
  it('resumes right after a corrupt batch, without skipping the small readable batch behind it', async () => {
    const { read, reads } = log([
      { first: 100, last: 599, corrupt: true },
      { first: 600, last: 601 },
      { first: 602, last: 2_000 },
    ]);
    expect(await findReadableOffset(100n, 2_001n, read)).toBe(600n);
    expect(reads.length).toBeLessThan(25);
  });

  it('skips to the end of the log when the corrupt batch is the last one', async () => {
    const { read } = log([{ first: 0, last: 9, corrupt: true }]);
    expect(await findReadableOffset(0n, 10n, read)).toBe(10n);
  });

  it('skips a single corrupt record batch of one record', async () => {
    const { read } = log([
      { first: 5, last: 5, corrupt: true },
      { first: 6, last: 50 },
    ]);
    expect(await findReadableOffset(5n, 51n, read)).toBe(6n);
  });
});

describe('isUnreadableData', () => {
  it('takes a parse or decompression failure for unreadable bytes', () => {
    expect(isUnreadableData(new AggregateError([new Error('incorrect header check')], 'fetch failed 1 times.'))).toBe(true);
    expect(isUnreadableData(Object.assign(new RangeError('The value of "offset" is out of range.'), { code: 'ERR_OUT_OF_RANGE' }))).toBe(true);
  });

  it('still does when the client\'s retries met a fetch session spoilt by the failed parse', () => {
    const zlib = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
    const session = Object.assign(new Error('The fetch session epoch is invalid.'), { code: 'PLT_KFK_PROTOCOL' });
    expect(isUnreadableData(new AggregateError([zlib, new AggregateError([session], 'Received response with error')], 'fetch failed 2 times.'))).toBe(true);
  });

  it('takes network failures, refused connections and broker errors for transient ones', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const network = Object.assign(new Error('Connection to 127.0.0.1:1 failed.'), { code: 'PLT_KFK_NETWORK', cause: refused });
    const leader = Object.assign(new Error('This server is not the leader for that topic-partition.'), { code: 'PLT_KFK_PROTOCOL' });
    expect(isUnreadableData(new AggregateError([network, leader], 'fetch failed 2 times.'))).toBe(false);
  });
});
