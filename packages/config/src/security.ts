import { readFileSync } from 'node:fs';
import { ConfigError } from './load.ts';
import { booleanSetting, mustBe, optionalSetting, type Setting } from './settings.ts';

export const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

/** A secret given as a value, or as a file read again at each use, so that a rotated secret (a Kubernetes secret volume) is picked up. */
export type Secret = { readonly value: string } | { readonly file: string };

/**
 * How a Kafka client authenticates and encrypts: plain data (no functions), so that it crosses to
 * a producer thread as it is.
 */
export interface KafkaSecurity {
  readonly sasl?:
    | { readonly mechanism: Exclude<SaslMechanism, 'OAUTHBEARER'>; readonly username: string; readonly password: Secret }
    | { readonly mechanism: 'OAUTHBEARER'; readonly token: Secret };
  /** PEM contents, read at start: the CA that signed the brokers' certificates and, for mutual TLS, the client's own. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
}

/** How the schema registry client proves who it is: HTTP basic or a bearer token. */
export type SchemaRegistryAuth = { readonly username: string; readonly password: string } | { readonly token: string };

function saslMechanismSetting(): Setting<SaslMechanism | undefined> {
  return {
    env: 'KAFKA_SASL_MECHANISM',
    description: `SASL mechanism of every Kafka client: none, ${saslMechanisms.join(', ')}. PLAIN and SCRAM take KAFKA_SASL_USERNAME and a password; OAUTHBEARER a token file.`,
    defaultValue: 'none',
    parse: (raw) => {
      const value = raw.trim().toUpperCase();
      if (value === 'NONE') return undefined;
      return (saslMechanisms as readonly string[]).includes(value) ? (value as SaslMechanism) : mustBe(`one of none, ${saslMechanisms.join(', ')}`);
    },
  };
}

/** Settings of the Kafka clients' authentication and encryption; checked together by `kafkaSecurity`. */
export const kafkaSecuritySettings = {
  kafkaSaslMechanism: saslMechanismSetting(),
  kafkaSaslUsername: optionalSetting({ env: 'KAFKA_SASL_USERNAME', description: 'SASL user of the Kafka clients (PLAIN, SCRAM).' }),
  kafkaSaslPassword: optionalSetting({ env: 'KAFKA_SASL_PASSWORD', description: 'SASL password of the Kafka clients; or KAFKA_SASL_PASSWORD_FILE.', secret: true }),
  kafkaSaslPasswordFile: optionalSetting({
    env: 'KAFKA_SASL_PASSWORD_FILE',
    description: 'File holding the SASL password, read again at each authentication so that a rotated password is used by the next connection.',
  }),
  kafkaSaslOauthbearerTokenFile: optionalSetting({
    env: 'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE',
    description: 'File holding the OAUTHBEARER token (a JWT), read again at each authentication and re-authentication, so a refreshed token is used.',
  }),
  kafkaTlsEnabled: booleanSetting({ env: 'KAFKA_TLS_ENABLED', description: 'Connect to the brokers over TLS (SSL or SASL_SSL listeners).', defaultValue: 'false' }),
  kafkaTlsCaFile: optionalSetting({
    env: 'KAFKA_TLS_CA_FILE',
    description: "PEM file of the CA that signed the brokers' certificates (the system's CAs when unset).",
  }),
  kafkaTlsCertFile: optionalSetting({ env: 'KAFKA_TLS_CERT_FILE', description: "PEM file of the client's certificate, for brokers that require mutual TLS (with KAFKA_TLS_KEY_FILE)." }),
  kafkaTlsKeyFile: optionalSetting({ env: 'KAFKA_TLS_KEY_FILE', description: "PEM file of the client's private key (with KAFKA_TLS_CERT_FILE)." }),
} as const;

export const schemaRegistryAuthSettings = {
  schemaRegistryUsername: optionalSetting({ env: 'SCHEMA_REGISTRY_USERNAME', description: 'User of the schema registry (HTTP basic, with SCHEMA_REGISTRY_PASSWORD).' }),
  schemaRegistryPassword: optionalSetting({ env: 'SCHEMA_REGISTRY_PASSWORD', description: 'Password of SCHEMA_REGISTRY_USERNAME.', secret: true }),
  schemaRegistryToken: optionalSetting({
    env: 'SCHEMA_REGISTRY_TOKEN',
    description: 'Bearer token sent to the schema registry (instead of a user and password).',
    secret: true,
  }),
} as const;

type Optional = string | undefined;

export interface KafkaSecurityConfig {
  kafkaSaslMechanism: SaslMechanism | undefined;
  kafkaSaslUsername: Optional;
  kafkaSaslPassword: Optional;
  kafkaSaslPasswordFile: Optional;
  kafkaSaslOauthbearerTokenFile: Optional;
  kafkaTlsEnabled: boolean;
  kafkaTlsCaFile: Optional;
  kafkaTlsCertFile: Optional;
  kafkaTlsKeyFile: Optional;
}

/** Reads a file's text, or says in one line why it cannot. */
type ReadText = (file: string) => string;
const readText: ReadText = (file) => readFileSync(file, 'utf8');

/**
 * The Kafka clients' security from its settings, checked together at start: every problem (a
 * mechanism without its credentials, credentials without a mechanism, a file that cannot be read,
 * TLS files without TLS) in one ConfigError, one line each. Secrets in files are read here once, so
 * that a missing one stops the start rather than the first connection.
 */
export function kafkaSecurity(config: KafkaSecurityConfig, read: ReadText = readText): KafkaSecurity {
  const problems: string[] = [];
  const file = (env: string, path: string): string | undefined => {
    try {
      const text = read(path);
      if (text.trim() === '') problems.push(`${env} names an empty file: ${path}`);
      return text;
    } catch (error) {
      problems.push(`${env} names a file that cannot be read: ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
  };
  const sasl = saslOf(config, problems, file);
  const tls = tlsOf(config, problems, file);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(sasl ? { sasl } : {}), ...(tls ? { tls } : {}) };
}

function saslOf(config: KafkaSecurityConfig, problems: string[], file: (env: string, path: string) => string | undefined): KafkaSecurity['sasl'] {
  const mechanism = config.kafkaSaslMechanism;
  const given = (
    [
      ['KAFKA_SASL_USERNAME', config.kafkaSaslUsername],
      ['KAFKA_SASL_PASSWORD', config.kafkaSaslPassword],
      ['KAFKA_SASL_PASSWORD_FILE', config.kafkaSaslPasswordFile],
      ['KAFKA_SASL_OAUTHBEARER_TOKEN_FILE', config.kafkaSaslOauthbearerTokenFile],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (mechanism === undefined) {
    // Credentials nobody uses are a forgotten KAFKA_SASL_MECHANISM, not something to ignore.
    for (const [env] of given) problems.push(`${env} is set but KAFKA_SASL_MECHANISM is none: set the mechanism (${saslMechanisms.join(', ')}) or remove ${env}`);
    return undefined;
  }
  if (mechanism === 'OAUTHBEARER') {
    for (const [env] of given) {
      if (env !== 'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE') problems.push(`${env} is set but KAFKA_SASL_MECHANISM OAUTHBEARER takes only KAFKA_SASL_OAUTHBEARER_TOKEN_FILE`);
    }
    const tokenFile = config.kafkaSaslOauthbearerTokenFile;
    if (tokenFile === undefined) {
      problems.push('KAFKA_SASL_MECHANISM OAUTHBEARER needs KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, the file holding the token');
      return undefined;
    }
    file('KAFKA_SASL_OAUTHBEARER_TOKEN_FILE', tokenFile);
    return { mechanism, token: { file: tokenFile } };
  }
  if (config.kafkaSaslOauthbearerTokenFile !== undefined) {
    problems.push(`KAFKA_SASL_OAUTHBEARER_TOKEN_FILE is set but KAFKA_SASL_MECHANISM is ${mechanism}, which takes a user and password`);
  }
  const username = config.kafkaSaslUsername;
  if (username === undefined) problems.push(`KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_USERNAME`);
  const password = passwordOf(config, mechanism, problems, file);
  return username !== undefined && password !== undefined ? { mechanism, username, password } : undefined;
}

function passwordOf(config: KafkaSecurityConfig, mechanism: SaslMechanism, problems: string[], file: (env: string, path: string) => string | undefined): Secret | undefined {
  const { kafkaSaslPassword: value, kafkaSaslPasswordFile: path } = config;
  if (value !== undefined && path !== undefined) {
    problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: keep one');
    return undefined;
  }
  if (value !== undefined) return { value };
  if (path !== undefined) return file('KAFKA_SASL_PASSWORD_FILE', path) === undefined ? undefined : { file: path };
  problems.push(`KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE`);
  return undefined;
}

function tlsOf(config: KafkaSecurityConfig, problems: string[], file: (env: string, path: string) => string | undefined): KafkaSecurity['tls'] {
  const files = (
    [
      ['KAFKA_TLS_CA_FILE', 'ca', config.kafkaTlsCaFile],
      ['KAFKA_TLS_CERT_FILE', 'cert', config.kafkaTlsCertFile],
      ['KAFKA_TLS_KEY_FILE', 'key', config.kafkaTlsKeyFile],
    ] as const
  ).filter(([, , path]) => path !== undefined);
  if (!config.kafkaTlsEnabled) {
    for (const [env] of files) problems.push(`${env} is set but KAFKA_TLS_ENABLED is false: set KAFKA_TLS_ENABLED=true or remove ${env}`);
    return undefined;
  }
  if ((config.kafkaTlsCertFile === undefined) !== (config.kafkaTlsKeyFile === undefined)) {
    problems.push('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together: a client certificate needs its key');
  }
  const tls: { ca?: string; cert?: string; key?: string } = {};
  for (const [env, field, path] of files) {
    const text = file(env, path!);
    if (text !== undefined) tls[field] = text;
  }
  return tls;
}

export interface SchemaRegistryAuthConfig {
  schemaRegistryUsername: Optional;
  schemaRegistryPassword: Optional;
  schemaRegistryToken: Optional;
}

/** The registry client's credentials, if any; a user without a password, or both kinds at once, stop the start. */
export function schemaRegistryAuth(config: SchemaRegistryAuthConfig): SchemaRegistryAuth | undefined {
  const { schemaRegistryUsername: username, schemaRegistryPassword: password, schemaRegistryToken: token } = config;
  const problems: string[] = [];
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    problems.push('SCHEMA_REGISTRY_TOKEN and SCHEMA_REGISTRY_USERNAME/SCHEMA_REGISTRY_PASSWORD are both set: keep one kind of credentials');
  } else if ((username === undefined) !== (password === undefined)) {
    problems.push('SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together: set both, or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (token !== undefined) return { token };
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}
