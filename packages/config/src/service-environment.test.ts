import { serviceEnvironment, serviceNodeOptions } from './service-environment.ts';

describe('serviceEnvironment', () => {
  it('starts a service with its young generation flag when nothing else is given', () => {
    expect(serviceEnvironment('filter', { NODE_OPTIONS: '' })['NODE_OPTIONS']).toBe('--max-semi-space-size=8');
    expect(serviceEnvironment('http-ingest', { NODE_OPTIONS: '' })['NODE_OPTIONS']).toBe('--max-semi-space-size=32');
  });

  it('puts the given NODE_OPTIONS after the default, so that the same flag given again wins', () => {
    expect(serviceEnvironment('scd-writer', { NODE_OPTIONS: '--max-semi-space-size=16 --import=./x.mjs' })['NODE_OPTIONS']).toBe(
      `${serviceNodeOptions('scd-writer')} --max-semi-space-size=16 --import=./x.mjs`,
    );
  });

  it('keeps the other variables of the child environment', () => {
    const environment = serviceEnvironment('aggregator', { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(environment['KAFKA_BROKERS']).toBe('127.0.0.1:1');
  });
});
