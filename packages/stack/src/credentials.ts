import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { mirrorService, serviceNames, type KafkaSecurity } from '@thermostream/config';

const run = promisify(execFile);

/** The SCRAM users of a secure stack: one per service, the operator's admin (a super user) and one partner. */
export const stackUsers = ['admin', 'partner', ...serviceNames, mirrorService] as const;
export type StackUser = (typeof stackUsers)[number];

export const stackSaslMechanism = 'SCRAM-SHA-512';

/** Where a secure stack keeps its CA, the broker's keystore and each user's password, under its data directory. */
export function securityLayout(dataDir: string) {
  const dir = path.join(dataDir, 'security');
  return {
    dir,
    /** The CA that signed the broker certificate, the file a client trusts (KAFKA_TLS_CA_FILE). */
    caFile: path.join(dir, 'ca.pem'),
    caKeystore: path.join(dir, 'ca.p12'),
    /** The broker's key and certificate, and the CA it trusts for its own connections to other brokers. */
    brokerKeystore: path.join(dir, 'broker.p12'),
    keystorePasswordFile: path.join(dir, 'keystore.password'),
    passwordFile: (user: StackUser) => path.join(dir, 'users', `${user}.password`),
  };
}

export type SecurityLayout = ReturnType<typeof securityLayout>;

/** What a client of a secure stack needs: the mechanism, the CA to trust and the password file of each user. */
export interface StackSecurity {
  mechanism: typeof stackSaslMechanism;
  caFile: string;
  passwordFiles: Record<StackUser, string>;
}

export function stackSecurityOf(dataDir: string): StackSecurity {
  const layout = securityLayout(dataDir);
  return {
    mechanism: stackSaslMechanism,
    caFile: layout.caFile,
    passwordFiles: Object.fromEntries(stackUsers.map((user) => [user, layout.passwordFile(user)])) as Record<StackUser, string>,
  };
}

/** The environment that makes a process a client of the secure stack as `user` (what `pnpm start` gives each service). */
export function kafkaClientEnvironment(security: StackSecurity, user: StackUser): Record<string, string> {
  return {
    KAFKA_SASL_MECHANISM: security.mechanism,
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD_FILE: security.passwordFiles[user],
    KAFKA_TLS_ENABLED: 'true',
    KAFKA_TLS_CA_FILE: security.caFile,
  };
}

/** The same, for a client built in this process (the CLI's, a test's). */
export function kafkaClientSecurity(security: StackSecurity, user: StackUser): KafkaSecurity {
  return {
    sasl: { mechanism: security.mechanism, username: user, password: { file: security.passwordFiles[user] } },
    tls: { ca: readFileSync(security.caFile, 'utf8') },
  };
}

export function readPassword(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

/** Makes each user's password once, readable by the owner only; later starts keep them, as the broker's storage keeps their SCRAM credentials. */
export function ensurePasswords(layout: SecurityLayout): void {
  mkdirSync(path.dirname(layout.passwordFile('admin')), { recursive: true, mode: 0o700 });
  for (const file of [layout.keystorePasswordFile, ...stackUsers.map((user) => layout.passwordFile(user))]) {
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
}

/**
 * A CA of the stack's own and a broker certificate it signs for 127.0.0.1 and localhost, made once
 * with the JRE's keytool (the stack needs Java anyway). The broker keystore holds the CA as a trusted
 * entry too, so it serves as the broker's truststore.
 */
export async function ensureCertificates(layout: SecurityLayout, log: (line: string) => void): Promise<void> {
  if (existsSync(layout.brokerKeystore) && existsSync(layout.caFile)) return;
  log('secure stack: making a CA and the broker certificate (keytool)');
  // A half-made set from an interrupted start is made again whole.
  for (const file of [layout.caKeystore, layout.brokerKeystore, layout.caFile]) rmSync(file, { force: true });
  const password = readPassword(layout.keystorePasswordFile);
  const csr = path.join(layout.dir, 'broker.csr');
  const signed = path.join(layout.dir, 'broker.pem');
  // keytool is a JVM start each: the quick JIT and a small heap halve it.
  const keytool = (args: string[]) => run('keytool', ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', ...args]);
  const keypair = (alias: string, name: string, keystore: string, extra: string[]) =>
    keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', `CN=${name}`, '-validity', '3650', '-storetype', 'PKCS12', '-keystore', keystore, '-storepass', password, ...extra]);
  await keypair('ca', 'thermostream stack CA', layout.caKeystore, ['-ext', 'bc:c']);
  await keytool(['-exportcert', '-rfc', '-alias', 'ca', '-keystore', layout.caKeystore, '-storepass', password, '-file', layout.caFile]);
  await keypair('broker', '127.0.0.1', layout.brokerKeystore, []);
  await keytool(['-certreq', '-alias', 'broker', '-keystore', layout.brokerKeystore, '-storepass', password, '-file', csr]);
  await keytool([
    '-gencert',
    '-rfc',
    '-alias',
    'ca',
    '-keystore',
    layout.caKeystore,
    '-storepass',
    password,
    '-infile',
    csr,
    '-outfile',
    signed,
    '-validity',
    '3650',
    '-ext',
    'SAN=ip:127.0.0.1,dns:localhost',
    '-ext',
    'EKU=serverAuth,clientAuth',
  ]);
  await keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', layout.caFile, '-keystore', layout.brokerKeystore, '-storepass', password]);
  await keytool(['-importcert', '-noprompt', '-alias', 'broker', '-file', signed, '-keystore', layout.brokerKeystore, '-storepass', password]);
  for (const file of [csr, signed]) rmSync(file, { force: true });
}

/** StorageTool arguments that create every user's SCRAM credential when a node's storage is formatted. */
export function scramFormatArguments(layout: SecurityLayout): string[] {
  return stackUsers.flatMap((user) => ['--add-scram', `${stackSaslMechanism}=[name=${user},password=${readPassword(layout.passwordFile(user))}]`]);
}
