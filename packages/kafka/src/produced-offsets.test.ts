import { ProducedOffsets } from './produced-offsets.ts';
import { topics } from './topics.ts';

describe('ProducedOffsets', () => {
  it('gives the offset of the last record a transaction wrote to each partition its records named', () => {
    const produced = new ProducedOffsets('ns');
    const changelog = 'ns.readings.current-versions';
    produced.add(
      [
        { topic: changelog, partition: 2 },
        { topic: changelog, partition: 2 },
        { topic: changelog, partition: 4 },
        { topic: 'ns.readings.changes' },
      ],
      { offsets: [
        { topic: changelog, partition: 2, offset: 40n },
        { topic: changelog, partition: 4, offset: 7n },
        { topic: 'ns.readings.changes', partition: 1, offset: 99n },
      ] },
    );
    produced.add([{ topic: changelog, partition: 2 }], { offsets: [{ topic: changelog, partition: 2, offset: 45n }] });
    expect(produced.lastOffset(topics.currentVersions, 2)).toBe(45);
    expect(produced.lastOffset(topics.currentVersions, 4)).toBe(7);
    expect(produced.lastOffset(topics.currentVersions, 0)).toBeUndefined();
    // Left to its key, a record's partition is the client's to choose: nothing is claimed for it.
    expect(produced.lastOffset(topics.changes, 1)).toBeUndefined();
  });
});
