import { FetchIsolationLevels, type ClusterMetadata, type Consumer } from '@platformatic/kafka';
import { committedRecords, type CommittedRecord } from './fetched-records.ts';

/** When the broker answers a fetch: once `minBytes` are there, or after `maxWaitMs` with what there is. */
export interface FetchWait {
  minBytes: number;
  maxWaitMs: number;
}

/** One fetch per leader for the owned partitions from their positions; read_committed records only. */
export interface FetchedBatch {
  partition: number;
  /** Where the first batch the broker returned starts (at or before the position asked). */
  firstBatchOffset: bigint | undefined;
  records: CommittedRecord[];
  nextOffset: bigint;
  lastStableOffset: bigint;
  /** Bytes of the record batches the broker sent, control and aborted ones included, and of their keys and values uncompressed: what sizes the next fetch. */
  wireBytes: number;
  recordBytes: number;
}

export async function fetchOwned(
  consumer: Consumer,
  metadata: ClusterMetadata,
  topic: string,
  owned: readonly number[],
  positions: ReadonlyMap<number, bigint>,
  maxBytesPerPartition: number,
  wait: FetchWait,
): Promise<FetchedBatch[]> {
  const topicMetadata = metadata.topics.get(topic);
  if (!topicMetadata) throw new Error(`topic ${topic} is not in the cluster metadata`);
  const byLeader = new Map<number, number[]>();
  for (const partition of owned) {
    const leader = topicMetadata.partitions[partition]?.leader ?? -1;
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
  }
  const responses = await Promise.all(
    [...byLeader].map(([node, partitions]) =>
      consumer.fetch({
        node,
        isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        maxWaitTime: wait.maxWaitMs,
        // More than the fetch may bring would make every fetch wait the whole time.
        minBytes: Math.min(wait.minBytes, partitions.length * maxBytesPerPartition),
        topics: [
          {
            topicId: topicMetadata.id,
            partitions: partitions.map((partition) => ({
              partition,
              fetchOffset: positions.get(partition)!,
              partitionMaxBytes: maxBytesPerPartition,
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
            })),
          },
        ],
      }),
    ),
  );
  return responses.flatMap((response) =>
    response.responses.flatMap((topicResponse) =>
      topicResponse.partitions
        .filter((partition) => positions.has(partition.partitionIndex))
        .map((partition) => {
          const from = positions.get(partition.partitionIndex)!;
          const { records, nextOffset } = committedRecords(partition, from);
          let wireBytes = 0;
          let recordBytes = 0;
          for (const batch of partition.records ?? []) {
            wireBytes += batch.length;
            for (const record of batch.records) recordBytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
          }
          return {
            wireBytes,
            recordBytes,
            partition: partition.partitionIndex,
            firstBatchOffset: partition.records?.[0]?.firstOffset,
            records,
            nextOffset,
            lastStableOffset: partition.lastStableOffset,
          };
        }),
    ),
  );
}
