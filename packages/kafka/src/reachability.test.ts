import { MultipleErrors, NetworkError, ProtocolError, Producer, TimeoutError } from '@platformatic/kafka';
import { createAvroSerde, createInMemorySchemaRegistry } from '@thermostream/avro';
import { createLogger } from '@thermostream/observability';
import { brokersUnreachable, createKafkaContext, isKafkaClientError } from './context.ts';
import { createProducer } from './producer.ts';

describe('brokersUnreachable', () => {
  it('sees a refused connection through the client’s nested retries', async () => {
    // Nothing listens on port 1: the client fails as it does against a broker that is down.
    const producer = new Producer({ clientId: 'reachability-test', bootstrapBrokers: ['127.0.0.1:1'], connectTimeout: 1_000, retries: 1, retryDelay: 10 });
    const failure = await producer.send({ messages: [{ topic: 'any', value: Buffer.from('x') }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await producer.close();
    expect(failure).toBeInstanceOf(MultipleErrors);
    expect(brokersUnreachable(failure)).toBe(true);
  });

  it('counts a request that timed out, however deep in an aggregate', () => {
    expect(brokersUnreachable(new MultipleErrors('fetch failed 4 times.', [new TimeoutError('Request timed out.')]))).toBe(true);
    expect(brokersUnreachable(new Error('batch failed', { cause: new NetworkError('Connection closed') }))).toBe(true);
  });

  it('does not count a broker that answered with an error, a client closed by its own process, or any other error', () => {
    expect(brokersUnreachable(new MultipleErrors('commit failed.', [new ProtocolError('NOT_COORDINATOR')]))).toBe(false);
    expect(brokersUnreachable(new NetworkError('Client is closed.', { canRetry: false, closed: true }))).toBe(false);
    expect(brokersUnreachable(new Error('subject readings.raw-value was not registered before encoding'))).toBe(false);
    expect(brokersUnreachable(undefined)).toBe(false);
  });
});

describe('isKafkaClientError', () => {
  it('sees the client’s errors, however deep in an aggregate or a cause', () => {
    expect(isKafkaClientError(new MultipleErrors('commit failed 4 times.', [new NetworkError('Connection closed')]))).toBe(true);
    expect(isKafkaClientError(new Error('batch failed', { cause: new ProtocolError('UNKNOWN_MEMBER_ID') }))).toBe(true);
  });

  it('does not take a database or handler error for one', () => {
    expect(isKafkaClientError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isKafkaClientError(new Error('connect ECONNREFUSED 127.0.0.1:15432'))).toBe(false);
    expect(isKafkaClientError(undefined)).toBe(false);
  });
});

describe('a producer reporting to its context', () => {
  it('tells nothing of the brokers when it has nothing to send', async () => {
    const reports: boolean[] = [];
    const context = createKafkaContext({
      brokers: ['127.0.0.1:1'],
      clientId: 'reachability-test',
      namespace: '',
      serde: createAvroSerde(createInMemorySchemaRegistry()),
      logger: createLogger({ service: 'test', level: 'fatal' }),
      onReachability: (reachable) => reports.push(reachable),
    });
    const producer = await createProducer(context);
    await producer.send([]);
    await producer.disconnect();
    expect(reports).toEqual([]);
  });
});
