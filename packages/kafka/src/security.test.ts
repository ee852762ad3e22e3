import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { clientOptions } from './context.ts';

const identity = { clientId: 'filter-1', brokers: ['127.0.0.1:9093'] };

describe('the Kafka client options of a context security', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('have neither SASL nor TLS on a plaintext cluster', () => {
    const options = clientOptions({ ...identity, security: {} }, 'consumer');
    expect(options).not.toHaveProperty('sasl');
    expect(options).not.toHaveProperty('tls');
  });

  it('carry SCRAM credentials and the CA, and pass the client own validation', async () => {
    const options = clientOptions(
      { ...identity, security: { sasl: { mechanism: 'SCRAM-SHA-512', username: 'filter', password: { value: 'pw' } }, tls: { ca: 'CA PEM' } } },
      'consumer',
    );
    expect(options.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'filter', password: 'pw' });
    expect(options.tls).toEqual({ ca: 'CA PEM' });
    // strict: the client validates its options at construction and refuses what it would not use.
    await new Admin({ ...options, strict: true }).close();
  });

  it('read a password file again at each authentication, so a rotated password is used', async () => {
    const file = path.join(dir, 'password');
    writeFileSync(file, 'first\n');
    const { sasl } = clientOptions({ ...identity, security: { sasl: { mechanism: 'SCRAM-SHA-512', username: 'filter', password: { file } } } }, 'producer');
    const password = sasl!.password as () => Promise<string>;
    expect(await password()).toBe('first');
    writeFileSync(file, 'rotated');
    expect(await password()).toBe('rotated');
  });

  it('give OAUTHBEARER a token read from its file', async () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'header.payload.signature\n');
    const { sasl } = clientOptions({ ...identity, security: { sasl: { mechanism: 'OAUTHBEARER', token: { file } } } }, 'admin');
    expect(sasl!.mechanism).toBe('OAUTHBEARER');
    expect(await (sasl!.token as () => Promise<string>)()).toBe('header.payload.signature');
  });

  it('are plain data a producer thread receives whole', () => {
    const security = { sasl: { mechanism: 'SCRAM-SHA-512', username: 'ingest', password: { value: 'pw' } }, tls: { ca: 'CA PEM' } } as const;
    expect(structuredClone({ ...identity, security })).toEqual({ ...identity, security });
  });
});
