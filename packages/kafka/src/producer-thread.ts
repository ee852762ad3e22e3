import { parentPort, workerData } from 'node:worker_threads';
import { Producer } from '@platformatic/kafka';
import { brokersUnreachable, type ClientIdentity } from './context.ts';
import { unpackMessages, type PackedMessages } from './packed-messages.ts';
import { producerOptions, sendInOrder, splitIntoRequests, type Compression } from './producer.ts';
import { describeFailure } from './recovery.ts';

/** The thread of a threaded producer (threaded-producer.ts): the Kafka client's work, off the thread that serves HTTP. */
export interface ProducerThreadData {
  identity: ClientIdentity;
  compression: Compression;
}

export type ProducerThreadRequest = { type: 'send'; id: number; packed: PackedMessages } | { type: 'close' };
/** A failed send crosses back as text (its causes in one line) and whether the brokers could not be reached. */
export interface ProducerThreadReply {
  id: number;
  error?: { message: string; unreachable: boolean };
}

const { identity, compression } = workerData as ProducerThreadData;
const producer = new Producer(producerOptions(identity, 'producer', compression));
const port = parentPort!;

port.on('message', (request: ProducerThreadRequest) => {
  if (request.type === 'close') {
    // The thread exits once its port and the client's sockets are closed: the caller waits for that exit.
    void producer.close().finally(() => port.close());
    return;
  }
  void sendInOrder(producer, splitIntoRequests(unpackMessages(request.packed))).then(
    () => port.postMessage({ id: request.id } satisfies ProducerThreadReply),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        error: { message: describeFailure(error), unreachable: brokersUnreachable(error) },
      } satisfies ProducerThreadReply),
  );
});
