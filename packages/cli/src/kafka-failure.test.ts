import { askKafka, rootCauses } from './kafka-failure.ts';

const refused = () => Object.assign(new Error('Connection to 127.0.0.1:19092 failed.'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:19092') });
const anyBroker = () => Object.assign(new Error('Cannot connect to any broker.'), { errors: [refused()] });

describe('rootCauses', () => {
  it('says each innermost cause once, however many retries repeat it', () => {
    const error = Object.assign(new Error('Describing groups failed.'), { errors: [Object.assign(new Error('findCoordinator failed 3 times.'), { errors: [anyBroker(), anyBroker(), anyBroker()] })] });
    expect(rootCauses(error)).toEqual(['connect ECONNREFUSED 127.0.0.1:19092']);
  });

  it('is the message itself for an error that wraps nothing', () => {
    expect(rootCauses(new Error('Unknown topic readings.raw.'))).toEqual(['Unknown topic readings.raw.']);
  });
});

describe('askKafka', () => {
  it('names what was asked, the brokers and the root cause', async () => {
    await expect(askKafka('reading the groups', ['127.0.0.1:19092'], () => Promise.reject(anyBroker()))).rejects.toThrow(
      'reading the groups failed: connect ECONNREFUSED 127.0.0.1:19092 (brokers 127.0.0.1:19092; is the stack up? pnpm thermo stack status)',
    );
  });
});
