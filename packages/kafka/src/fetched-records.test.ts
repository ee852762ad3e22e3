import { IS_CONTROL, IS_TRANSACTIONAL, type RecordsBatch } from '@platformatic/kafka';
import { committedRecords } from './fetched-records.ts';

const marker = (type: 0 | 1) => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  return key;
};

function batch(producerId: bigint, firstOffset: bigint, count: number, kind: 'data' | 'plain' | 'commit' | 'abort' = 'data'): RecordsBatch {
  const control = kind === 'commit' || kind === 'abort';
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: (kind === 'plain' ? 0 : IS_TRANSACTIONAL) | (control ? IS_CONTROL : 0),
    lastOffsetDelta: count - 1,
    firstTimestamp: 1_000n,
    maxTimestamp: 1_000n,
    producerId,
    producerEpoch: 0,
    firstSequence: 0,
    records: Array.from({ length: count }, (_, index) => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(index),
      offsetDelta: index,
      key: control ? marker(kind === 'abort' ? 0 : 1) : Buffer.from(`k${firstOffset + BigInt(index)}`),
      value: control ? null : Buffer.from('v'),
      headers: [],
    })),
  };
}

const offsets = (result: ReturnType<typeof committedRecords>) => result.records.map((record) => record.offset);

describe('committedRecords', () => {
  it('skips every aborted transaction of a producer, not only its last one', () => {
    const fetched = {
      records: [batch(7n, 0n, 2), batch(7n, 2n, 1, 'abort'), batch(7n, 3n, 2), batch(7n, 5n, 1, 'commit'), batch(7n, 6n, 2), batch(7n, 8n, 1, 'abort')],
      abortedTransactions: [
        { producerId: 7n, firstOffset: 0n },
        { producerId: 7n, firstOffset: 6n },
      ],
    };
    const result = committedRecords(fetched, 0n);
    expect(offsets(result)).toEqual([3, 4]);
    expect(result.nextOffset).toBe(9n);
  });

  it('skips an aborted transaction whose marker is beyond this fetch', () => {
    const fetched = { records: [batch(1n, 10n, 2), batch(2n, 12n, 2)], abortedTransactions: [{ producerId: 1n, firstOffset: 10n }] };
    expect(offsets(committedRecords(fetched, 10n))).toEqual([12, 13]);
  });

  it('keeps records of non-transactional producers and drops those before the position', () => {
    const fetched = { records: [batch(-1n, 20n, 4, 'plain')], abortedTransactions: null };
    const result = committedRecords(fetched, 22n);
    expect(offsets(result)).toEqual([22, 23]);
    expect(result.records[0]).toEqual({ offset: 22, key: Buffer.from('k22'), value: Buffer.from('v'), timestamp: 1_002 });
  });

  it('moves past a partition holding only markers', () => {
    const result = committedRecords({ records: [batch(3n, 30n, 1, 'commit')], abortedTransactions: [] }, 30n);
    expect(result).toEqual({ records: [], nextOffset: 31n });
  });
});
