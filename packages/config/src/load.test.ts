import { ConfigError, describeSettings, integerSetting, listSetting, loadConfig, stringSetting, urlSetting } from './index.ts';

const spec = {
  brokers: listSetting({ env: 'BROKERS', description: 'Brokers.', defaultValue: 'a:1' }),
  batchSize: integerSetting({ env: 'BATCH_SIZE', description: 'Batch size.', defaultValue: '10', min: 1 }),
  apiKey: stringSetting({ env: 'API_KEY', description: 'Key.', secret: true }),
  database: urlSetting({ env: 'DB', description: 'Database.', defaultValue: 'postgres://x/y', protocols: ['postgres'] }),
};

describe('loadConfig', () => {
  it('applies defaults and parses given values into typed fields', () => {
    const config = loadConfig(spec, { API_KEY: 'k', BROKERS: 'h1:9092, h2:9092' });
    expect(config).toEqual({ brokers: ['h1:9092', 'h2:9092'], batchSize: 10, apiKey: 'k', database: 'postgres://x/y' });
  });

  it('names every invalid or missing variable, one line each, and hides secrets', () => {
    let thrown: unknown;
    try {
      loadConfig(spec, { BATCH_SIZE: '0', DB: 'http://nope' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message.split('\n');
    expect(message).toEqual([
      'BATCH_SIZE must be an integer between 1 and 9007199254740991, got "0"',
      'API_KEY is required: Key.',
      'DB must be a URL (postgres), got "http://nope"',
    ]);
  });

  it('never echoes a secret value in its error', () => {
    const secretSpec = { key: integerSetting({ env: 'SECRET_NUMBER', description: 'S.', secret: true }) };
    expect(() => loadConfig(secretSpec, { SECRET_NUMBER: 'hunter2' })).toThrow('SECRET_NUMBER must be an integer between -9007199254740991 and 9007199254740991, got (hidden)');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(spec, { API_KEY: 'k', BATCH_SIZE: '' }).batchSize).toBe(10);
  });
});

describe('describeSettings', () => {
  it('lists each variable with its default or (required)', () => {
    expect(describeSettings(spec).map((row) => [row.env, row.defaultValue])).toEqual([
      ['BROKERS', 'a:1'],
      ['BATCH_SIZE', '10'],
      ['API_KEY', '(required)'],
      ['DB', 'postgres://x/y'],
    ]);
  });
});

describe('a consumer service’s settings', () => {
  it('leave the group instance name unset when the variable is absent, and take it when given', async () => {
    const { consumerSettings } = await import('./common.ts');
    expect(loadConfig(consumerSettings, {}).kafkaGroupInstanceId).toBeUndefined();
    expect(loadConfig(consumerSettings, { KAFKA_GROUP_INSTANCE_ID: 'filter-pod-0' }).kafkaGroupInstanceId).toBe('filter-pod-0');
  });
});
