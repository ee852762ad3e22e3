import { readFile } from 'node:fs/promises';
import type { SASLOptions } from '@platformatic/kafka';
import type { KafkaSecurity, Secret } from '@thermostream/config';

/**
 * The client options of a context's security: SASL credentials and TLS. A secret kept in a file is
 * read at each authentication (each new connection, each re-authentication the broker asks for),
 * so a rotated password or a refreshed token is used without a restart.
 */
export function securityOptions(security: KafkaSecurity): { sasl?: SASLOptions; tls?: { ca?: string; cert?: string; key?: string } } {
  const { sasl, tls } = security;
  return {
    ...(sasl === undefined
      ? {}
      : sasl.mechanism === 'OAUTHBEARER'
        ? { sasl: { mechanism: sasl.mechanism, token: credential(sasl.token) } }
        : { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: credential(sasl.password) } }),
    ...(tls === undefined ? {} : { tls: { ...tls } }),
  };
}

function credential(secret: Secret): string | (() => Promise<string>) {
  if ('value' in secret) return secret.value;
  const { file } = secret;
  return async () => (await readFile(file, 'utf8')).trim();
}
