import { parentPort, workerData } from 'node:worker_threads';
import { Producer } from '@platformatic/kafka';
import { brokersUnreachable, type ClientIdentity } from './context.ts';
import { unpackMessages, type PackedMessages } from './packed-messages.ts';
import { producerOptions, splitIntoRequests, type Compression } from './producer.ts';
import { describeFailure } from './recovery.ts';

/** The thread of a threaded producer (threaded-producer.ts): the Kafka client's work, off the thread that serves HTTP. */
export interface ProducerThreadData {
  identity: ClientIdentity;
  compression: Compression;
}

export type ProducerThreadRequest = { type: 'send'; id: number; packed: PackedMessages } | { type: 'close' };
/** A failed send crosses back as text (its causes in one line) and whether the brokers could not be reached. */
export type ProducerThreadReply = { id: number; error?: { message: string; unreachable: boolean } } | { closed: true };

const { identity, compression } = workerData as ProducerThreadData;
const producer = new Producer(producerOptions(identity, 'producer', compression));
const port = parentPort!;

port.on('message', (request: ProducerThreadRequest) => {
  if (request.type === 'close') {
    void producer.close().finally(() => {
      port.postMessage({ closed: true } satisfies ProducerThreadReply);
      port.close();
    });
    return;
  }
  void send(request.packed).then(
    () => port.postMessage({ id: request.id } satisfies ProducerThreadReply),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        error: { message: describeFailure(error), unreachable: brokersUnreachable(error) },
      } satisfies ProducerThreadReply),
  );
});

async function send(packed: PackedMessages): Promise<void> {
  // One request after the other, so that each partition's records keep their order.
  for (const messages of splitIntoRequests(unpackMessages(packed))) await producer.send({ messages });
}
