import { splitIntoRequests } from './producer.ts';

const message = (key: string, bytes: number) => ({ key, value: Buffer.alloc(bytes) });

describe('splitIntoRequests', () => {
  it('keeps everything in one request while it fits', () => {
    const topicMessages = [
      { topic: 'a', messages: [message('1', 100), message('2', 100)] },
      { topic: 'b', messages: [message('3', 100)] },
    ];
    expect(splitIntoRequests(topicMessages, 1_000)).toEqual([topicMessages]);
  });

  it('cuts a large batch into requests under the limit, each topic’s messages in their order', () => {
    const messages = Array.from({ length: 50 }, (_, index) => message(String(index), 200));
    const requests = splitIntoRequests([{ topic: 'a', messages }, { topic: 'b', messages: [message('x', 10)] }], 1_000);
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) {
      const bytes = request.flatMap((topic) => topic.messages).reduce((sum, sent) => sum + (sent.value as Buffer).length + String(sent.key).length + 32, 0);
      expect(bytes).toBeLessThanOrEqual(1_000);
    }
    const sentToA = requests.flatMap((request) => request.filter((topic) => topic.topic === 'a').flatMap((topic) => topic.messages.map((sent) => sent.key)));
    expect(sentToA).toEqual(messages.map((sent) => sent.key));
    expect(requests.at(-1)!.find((topic) => topic.topic === 'b')!.messages).toHaveLength(1);
  });

  it('sends a message larger than the limit on its own rather than never', () => {
    expect(splitIntoRequests([{ topic: 'a', messages: [message('1', 10), message('2', 5_000), message('3', 10)] }], 1_000).map((request) => request[0]!.messages.length)).toEqual([1, 1, 1]);
  });

  it('makes no request of nothing', () => {
    expect(splitIntoRequests([])).toEqual([]);
  });
});
