import { ConfigError, kafkaSecurity, kafkaSecuritySettings, loadConfig, schemaRegistryAuth, schemaRegistryAuthSettings } from './index.ts';

const files: Record<string, string> = { '/ca.pem': 'CA PEM', '/client.pem': 'CERT PEM', '/client.key': 'KEY PEM', '/password': 'secret\n', '/token': 'jwt', '/empty': '' };
const read = (file: string) => {
  const text = files[file];
  if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return text;
};

const securityOf = (environment: Record<string, string>) => kafkaSecurity(loadConfig(kafkaSecuritySettings, environment), read);

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the Kafka clients security settings', () => {
  it('are off by default: no SASL, no TLS', () => {
    expect(securityOf({})).toEqual({});
  });

  it('take SCRAM-SHA-512 with a password over TLS with a CA and a client certificate', () => {
    const security = securityOf({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'filter',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_TLS_ENABLED: 'true',
      KAFKA_TLS_CA_FILE: '/ca.pem',
      KAFKA_TLS_CERT_FILE: '/client.pem',
      KAFKA_TLS_KEY_FILE: '/client.key',
    });
    expect(security).toEqual({
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'filter', password: { value: 'pw' } },
      tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' },
    });
  });

  it('keep a password file as a file, to be read again at each authentication', () => {
    expect(securityOf({ KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'p', KAFKA_SASL_PASSWORD_FILE: '/password' }).sasl).toEqual({
      mechanism: 'PLAIN',
      username: 'p',
      password: { file: '/password' },
    });
  });

  it('take an OAUTHBEARER token file', () => {
    expect(securityOf({ KAFKA_SASL_MECHANISM: 'OAUTHBEARER', KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '/token', KAFKA_TLS_ENABLED: 'true' })).toEqual({
      sasl: { mechanism: 'OAUTHBEARER', token: { file: '/token' } },
      tls: {},
    });
  });

  it('refuse a mechanism without its username and password, naming both', () => {
    expect(problemsOf(() => securityOf({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' }))).toEqual([
      'KAFKA_SASL_MECHANISM SCRAM-SHA-512 needs KAFKA_SASL_USERNAME',
      'KAFKA_SASL_MECHANISM SCRAM-SHA-512 needs KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE',
    ]);
  });

  it('refuse credentials without a mechanism, and TLS files without TLS', () => {
    expect(problemsOf(() => securityOf({ KAFKA_SASL_USERNAME: 'filter', KAFKA_TLS_CA_FILE: '/ca.pem' }))).toEqual([
      'KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM is none: set the mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER) or remove KAFKA_SASL_USERNAME',
      'KAFKA_TLS_CA_FILE is set but KAFKA_TLS_ENABLED is false: set KAFKA_TLS_ENABLED=true or remove KAFKA_TLS_CA_FILE',
    ]);
  });

  it('refuse both a password and a password file, and files that are missing or empty', () => {
    expect(
      problemsOf(() =>
        securityOf({
          KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
          KAFKA_SASL_USERNAME: 'u',
          KAFKA_SASL_PASSWORD: 'pw',
          KAFKA_SASL_PASSWORD_FILE: '/password',
          KAFKA_TLS_ENABLED: 'true',
          KAFKA_TLS_CA_FILE: '/missing.pem',
          KAFKA_TLS_CERT_FILE: '/empty',
        }),
      ),
    ).toEqual([
      'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: keep one',
      'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together: a client certificate needs its key',
      'KAFKA_TLS_CA_FILE names a file that cannot be read: /missing.pem (ENOENT)',
      'KAFKA_TLS_CERT_FILE names an empty file: /empty',
    ]);
  });

  it('refuse user credentials with OAUTHBEARER and a token file with SCRAM', () => {
    expect(problemsOf(() => securityOf({ KAFKA_SASL_MECHANISM: 'OAUTHBEARER', KAFKA_SASL_USERNAME: 'u' }))).toEqual([
      'KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM OAUTHBEARER takes only KAFKA_SASL_OAUTHBEARER_TOKEN_FILE',
      'KAFKA_SASL_MECHANISM OAUTHBEARER needs KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, the file holding the token',
    ]);
    expect(
      problemsOf(() => securityOf({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '/token' })),
    ).toEqual(['KAFKA_SASL_OAUTHBEARER_TOKEN_FILE is set but KAFKA_SASL_MECHANISM is SCRAM-SHA-512, which takes a user and password']);
  });

  it('refuse an unknown mechanism and a TLS flag that is not a boolean, hiding the password', () => {
    expect(problemsOf(() => loadConfig(kafkaSecuritySettings, { KAFKA_SASL_MECHANISM: 'GSSAPI', KAFKA_TLS_ENABLED: 'yes', KAFKA_SASL_PASSWORD: ' ' }))).toEqual([
      'KAFKA_SASL_MECHANISM must be one of none, PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, got "GSSAPI"',
      'KAFKA_TLS_ENABLED must be true or false, got "yes"',
    ]);
  });
});

describe('the schema registry credentials', () => {
  const authOf = (environment: Record<string, string>) => schemaRegistryAuth(loadConfig(schemaRegistryAuthSettings, environment));

  it('are none, basic, or a bearer token', () => {
    expect(authOf({})).toBeUndefined();
    expect(authOf({ SCHEMA_REGISTRY_USERNAME: 'u', SCHEMA_REGISTRY_PASSWORD: 'p' })).toEqual({ username: 'u', password: 'p' });
    expect(authOf({ SCHEMA_REGISTRY_TOKEN: 't' })).toEqual({ token: 't' });
  });

  it('refuse a user without a password, and both kinds at once', () => {
    expect(problemsOf(() => authOf({ SCHEMA_REGISTRY_USERNAME: 'u' }))).toEqual(['SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together: set both, or neither']);
    expect(problemsOf(() => authOf({ SCHEMA_REGISTRY_TOKEN: 't', SCHEMA_REGISTRY_PASSWORD: 'p' }))).toEqual([
      'SCHEMA_REGISTRY_TOKEN and SCHEMA_REGISTRY_USERNAME/SCHEMA_REGISTRY_PASSWORD are both set: keep one kind of credentials',
    ]);
  });
});
