import { packMessages, unpackMessages } from './packed-messages.ts';
import type { WireMessage } from './producer.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('packMessages / unpackMessages', () => {
  it('gives back every message: topic, key or none, value, partition and timestamp when set, in order', () => {
    const messages: WireMessage[] = [
      { topic: 'readings.raw', key: bytes('r-1'), value: bytes('first value') },
      { topic: 'readings.rejected', value: bytes('no key') },
      { topic: 'readings.raw', key: bytes(''), value: bytes(''), partition: 4, timestamp: 1764547200123n },
      { topic: 'readings.raw', key: bytes('r-2'), value: Buffer.from([0, 0, 0, 0, 7, 255]), partition: 0, timestamp: 0n },
    ];
    const packed = packMessages(messages);
    expect(packed.topics).toEqual(['readings.raw', 'readings.rejected']);
    const unpacked = unpackMessages(packed);
    expect(unpacked).toHaveLength(messages.length);
    unpacked.forEach((message, index) => {
      const original = messages[index]!;
      expect(message.topic).toBe(original.topic);
      expect(message.key === undefined ? undefined : Buffer.from(message.key)).toEqual(original.key);
      expect(Buffer.from(message.value!)).toEqual(original.value);
      expect(message.partition).toBe(original.partition);
      expect(message.timestamp).toBe(original.timestamp);
    });
  });

  it('keeps all bytes in one buffer, so that a thread can be handed them without a copy per record', () => {
    const packed = packMessages([
      { topic: 't', key: bytes('ab'), value: bytes('cde') },
      { topic: 't', value: bytes('f') },
    ]);
    expect(Buffer.from(packed.bytes).toString()).toBe('abcdef');
    expect(Array.from(packed.layout)).toEqual([0, 2, 3, -1, 0, -1, 1, -1]);
  });

  it('packs an empty list into empty buffers', () => {
    expect(unpackMessages(packMessages([]))).toEqual([]);
  });
});
