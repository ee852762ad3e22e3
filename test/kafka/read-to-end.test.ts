import type { CurrentVersion } from '@thermostream/avro';
import { openCommittedReader, openTransaction, outbound, topics, type OutboundRecord } from '@thermostream/kafka';
import { testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';

const changelogRecord = (id: string, temperature: number): OutboundRecord => ({
  ...outbound(topics.currentVersions, id, {
    version: 1,
    region_code: 'FR-IDF',
    hour: 490_000,
    event_time: 1_764_000_000_000,
    temperature,
    lat: 48.85,
    lon: 2.35,
    valid_from: 1_764_000_000_000,
  } satisfies CurrentVersion),
  partition: 0,
});

describe('reading a changelog partition to its end', () => {
  it('reads what a later owner committed after a transaction a killed owner left open, once that one has ended', async () => {
    const context = await testKafkaContext(uniqueNamespace('read_to_end'));
    const reader = openCommittedReader(context, topics.currentVersions);
    try {
      // The killed owner's records come first on the partition, in a transaction nobody will commit.
      const killedOwners = await openTransaction(context, [changelogRecord('id-of-the-killed-owner', 9.5)]);
      const laterOwners = await openTransaction(context, [changelogRecord('id-a', 10.5), changelogRecord('id-b', 11.5), changelogRecord('id-a', 12.5)]);
      await laterOwners.commit();

      // The broker aborts a dead producer's transaction after its timeout; here the test does, sooner.
      let abortedAt: number | undefined;
      const abort = new Promise((resolve) => setTimeout(resolve, 1_500)).then(async () => {
        await killedOwners.abort();
        abortedAt = Date.now();
      });
      const read: [string, number | undefined][] = [];
      const position = await reader.readToEnd(0, undefined, async (records) => {
        for (const record of records) read.push([record.key, record.value?.temperature]);
      });
      const finishedAt = Date.now();
      await abort;

      expect(read).toEqual([
        ['id-a', 10.5],
        ['id-b', 11.5],
        ['id-a', 12.5],
      ]);
      expect(abortedAt).toBeLessThanOrEqual(finishedAt);
      // Past the four records and the later owner's commit marker: the end as the read began.
      expect(position).toBeGreaterThanOrEqual(5);
    } finally {
      await reader.close();
    }
  }, 60_000);
});
