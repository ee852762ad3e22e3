import { Worker } from 'node:worker_threads';
import type { KafkaContext } from './context.ts';
import { packRecords } from './packed-messages.ts';
import type { ProducerThreadData, ProducerThreadReply, ProducerThreadRequest } from './producer-thread.ts';
import { defaultCompression, type Compression, type PipelineProducer } from './producer.ts';

/** A send the producer thread failed, with whether the brokers could not be reached. */
export class ProducerThreadSendError extends Error {
  readonly unreachable: boolean;

  constructor(message: string, unreachable: boolean) {
    super(message);
    this.name = 'ProducerThreadSendError';
    this.unreachable = unreachable;
  }
}

/**
 * An idempotent producer whose Kafka client runs on a thread of its own: the calling thread encodes
 * the values and hands their bytes over, and the client's record building, compression and checksums
 * (a third of http-ingest's CPU) run beside it. Sends are forwarded in call order to one client, so a
 * partition's records keep their order. A thread that died fails its pending sends and is started
 * again by the next one. The thread costs its own heap and client: about 50 MB more resident memory when idle.
 */
export function createThreadedProducer(context: KafkaContext, options: { compression?: Compression } = {}): PipelineProducer {
  const data: ProducerThreadData = { identity: { clientId: context.clientId, brokers: [...context.brokers], security: context.security }, compression: options.compression ?? defaultCompression };
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closing: Promise<void> | undefined;

  const failPending = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };

  function start(): Worker {
    const worker = new Worker(new URL('./producer-thread.ts', import.meta.url), { workerData: data });
    worker.on('message', (reply: ProducerThreadReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(new ProducerThreadSendError(reply.error.message, reply.error.unreachable));
    });
    // A thread may throw anything, not only an Error.
    worker.on('error', (error: unknown) => {
      context.logger.error({ err: error }, 'the producer thread failed; its pending sends fail and the next send starts it again');
      const reason = error instanceof Error ? error.message : String(error);
      failPending(new ProducerThreadSendError(`the producer thread failed: ${reason}`, false));
    });
    worker.on('exit', (code) => {
      if (thread === worker) thread = undefined;
      failPending(new ProducerThreadSendError(`the producer thread exited with code ${code}`, false));
    });
    return worker;
  }

  // Started now, so that the client's modules load while the service starts rather than on the first send.
  let thread: Worker | undefined = start();

  return {
    async send(records) {
      if (closing !== undefined) throw new Error('the producer is closed');
      // Nothing sent tells nothing of the brokers.
      if (records.length === 0) return;
      const packed = packRecords(context, records);
      const id = nextId++;
      thread ??= start();
      try {
        await new Promise<void>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          const request: ProducerThreadRequest = { type: 'send', id, packed };
          thread!.postMessage(request, [packed.layout.buffer, packed.timestamps.buffer, packed.bytes.buffer] as ArrayBuffer[]);
        });
      } catch (error) {
        if (error instanceof ProducerThreadSendError && error.unreachable) context.onReachability?.(false);
        throw error;
      }
      context.onReachability?.(true);
    },
    disconnect() {
      closing ??= (async () => {
        const worker = thread;
        if (worker === undefined) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ type: 'close' } satisfies ProducerThreadRequest);
        await exited;
      })();
      return closing;
    },
  };
}
