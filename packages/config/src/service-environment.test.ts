import { serviceEnvironment, serviceNodeOptions } from './service-environment.ts';

describe('serviceEnvironment', () => {
  // The operator's NODE_OPTIONS are this process's: each test says what they are.
  const operators = process.env['NODE_OPTIONS'];
  beforeEach(() => delete process.env['NODE_OPTIONS']);
  afterAll(() => {
    if (operators === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = operators;
  });

  it('starts a service with its young generation flag when nothing else is given', () => {
    expect(serviceEnvironment({ NODE_OPTIONS: '' })['NODE_OPTIONS']).toBe('--max-semi-space-size=32');
  });

  it('puts the given NODE_OPTIONS after the default, so that the same flag given again wins', () => {
    expect(serviceEnvironment({ NODE_OPTIONS: '--max-semi-space-size=16 --import=./x.mjs' })['NODE_OPTIONS']).toBe(
      `${serviceNodeOptions} --max-semi-space-size=16 --import=./x.mjs`,
    );
  });

  it("keeps the operator's flags between its own and the caller's, so that a profiled service starts as it would unprofiled", () => {
    process.env['NODE_OPTIONS'] = ' --max-semi-space-size=16 --stack-size=2000 ';
    expect(serviceEnvironment({ NODE_OPTIONS: '--import file:///profiler.mjs' })['NODE_OPTIONS']!.split(' ')).toEqual([
      serviceNodeOptions,
      '--max-semi-space-size=16',
      '--stack-size=2000',
      '--import',
      'file:///profiler.mjs',
    ]);
  });

  it('keeps the other variables of the child environment', () => {
    const environment = serviceEnvironment({ KAFKA_BROKERS: '127.0.0.1:1' });
    expect(environment['KAFKA_BROKERS']).toBe('127.0.0.1:1');
  });
});
