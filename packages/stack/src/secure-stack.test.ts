import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePasswords, kafkaClientEnvironment, securityLayout, stackSecurityOf, stackUsers } from './credentials.ts';
import { stackIsSecure } from './index.ts';
import { kafkaClusterNodes, kafkaServerProperties } from './kafka.ts';
import { stackLayout } from './layout.ts';

describe('a secure stack', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'secure-stack-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has a broker that listens on SASL_SSL only, authorizes with ACLs and has admin as its only super user', () => {
    const security = securityLayout(dataDir);
    ensurePasswords(security);
    const [node] = kafkaClusterNodes(29092, 1);
    const properties = kafkaServerProperties(node!, [node!], '/data/kafka', security).split('\n');
    expect(properties).toContain('listeners=SASL_SSL://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(properties).toContain('listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL');
    expect(properties).toContain('listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512');
    expect(properties).toContain('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(properties).toContain('super.users=User:admin');
    expect(properties.some((line) => line.includes('PLAINTEXT://'))).toBe(false);
  });

  it('makes a password per user once, readable by its owner only, and keeps it', () => {
    const security = securityLayout(dataDir);
    ensurePasswords(security);
    const first = stackUsers.map((user) => readFileSync(security.passwordFile(user), 'utf8'));
    expect(new Set(first).size).toBe(stackUsers.length);
    expect(statSync(security.passwordFile('partner')).mode & 0o777).toBe(0o600);
    ensurePasswords(security);
    expect(stackUsers.map((user) => readFileSync(security.passwordFile(user), 'utf8'))).toEqual(first);
  });

  it('gives a service the environment of its own user', () => {
    expect(kafkaClientEnvironment(stackSecurityOf(dataDir), 'filter')).toEqual({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'filter',
      KAFKA_SASL_PASSWORD_FILE: path.join(dataDir, 'security', 'users', 'filter.password'),
      KAFKA_TLS_ENABLED: 'true',
      KAFKA_TLS_CA_FILE: path.join(dataDir, 'security', 'ca.pem'),
    });
  });

  it('stays what it was made: --secure on a plaintext stack is refused, and a secure one stays secure without it', () => {
    const layout = stackLayout(dataDir);
    mkdirSync(layout.dataDir, { recursive: true });
    writeFileSync(layout.shapeFile, JSON.stringify({ brokers: 1 }));
    expect(() => stackIsSecure({ dataDir, secure: true })).toThrow(/was made without security/);
    writeFileSync(layout.shapeFile, JSON.stringify({ brokers: 1, secure: true }));
    expect(stackIsSecure({ dataDir })).toBe(true);
  });
});
