import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHttpIngest, type RunningIngest } from '../support/http-ingest.ts';
import { eventually } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';

const reading = (id: string) => ({ id, timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' });
const secret = (partner: string) => `${partner}-${randomBytes(12).toString('hex')}`;

describe('http-ingest as a real process: keys from a mounted file, reloaded without a restart, and a per-partner rate limit', () => {
  const namespace = uniqueNamespace('keys');
  const directory = mkdtempSync(path.join(tmpdir(), 'thermostream-keys-'));
  const keyFile = path.join(directory, 'api-keys');
  const rateLimitPerMinute = 4;
  const keys = { acme: secret('acme'), rotated: secret('acme'), initech: secret('initech'), broken: secret('globex') };
  let ingest: RunningIngest;

  /** Replaces the file as a mounted secret is updated: a new file moved into place. */
  const publishKeyFile = (text: string) => {
    writeFileSync(`${keyFile}.next`, text);
    renameSync(`${keyFile}.next`, keyFile);
  };
  const send = async (key: string, id: string) => {
    const response = await fetch(ingest.readingsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify([reading(id)]),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as { code?: string; detail?: string; accepted?: number } };
  };
  const logLines = (message: string) => readFileSync(ingest.process.logFile, 'utf8').split('\n').filter((line) => line.includes(message));

  beforeAll(async () => {
    publishKeyFile(`# partners\nacme:${keys.acme}\ninitech:${keys.initech}\n`);
    ingest = await startHttpIngest(namespace, {
      apiKeys: {},
      environment: { INGEST_API_KEYS_FILE: keyFile, INGEST_API_KEYS_FILE_POLL_MS: '200', INGEST_RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute) },
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('takes a rotated key once the file changes, refuses the old one, and keeps the keys in force when the file turns bad', async () => {
    expect((await send(keys.acme, 'k-1')).status).toBe(200);

    publishKeyFile(`acme:${keys.rotated}\ninitech:${keys.initech}\n`);
    await eventually('the reload', async () => logLines('API keys reloaded'), (lines) => lines.length === 1, 10_000);
    expect((await send(keys.acme, 'k-2')).body.code).toBe('INGEST_UNAUTHORIZED');
    expect((await send(keys.rotated, 'k-3')).status).toBe(200);

    publishKeyFile(`acme:${keys.rotated}\nglobex ${keys.broken}\n`);
    await eventually('the complaint', async () => logLines('API key file cannot be used'), (lines) => lines.length === 1, 10_000);
    expect(logLines('API key file cannot be used')[0]).toContain('line 2 is not partner:key');
    expect((await send(keys.rotated, 'k-4')).status).toBe(200);
    expect((await send(keys.broken, 'k-5')).status).toBe(401);
    expect(readFileSync(ingest.process.logFile, 'utf8')).not.toContain(keys.broken);
  });

  it(`answers a partner's request over ${rateLimitPerMinute} a minute with 429, Retry-After and a problem, and no other partner's`, async () => {
    for (let index = 0; index < rateLimitPerMinute; index++) expect((await send(keys.initech, `limit-${index}`)).status).toBe(200);
    const limited = await send(keys.initech, 'limit-over');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ code: 'INGEST_RATE_LIMITED', detail: expect.stringContaining('partner initech') });
    // acme used 3 of its own 4 in the test before.
    expect((await send(keys.rotated, 'other-partner')).status).toBe(200);
  });
});

describe('http-ingest as a real process, given a key file it cannot use', () => {
  it('does not start, and says which line is wrong, without showing a key', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'thermostream-keys-'));
    const keyFile = path.join(directory, 'api-keys');
    const shared = secret('shared');
    writeFileSync(keyFile, `acme:${shared}\nglobex:${shared}\n`);
    try {
      const failure = await startHttpIngest(uniqueNamespace('keys'), { apiKeys: {}, environment: { INGEST_API_KEYS_FILE: keyFile } }).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      const { message } = failure as Error;
      expect(message).toMatch(/exited \(1\) before it was ready/);
      const log = readFileSync(/see (\S+)$/.exec(message)![1]!, 'utf8');
      expect(log).toContain('THERMO_CONFIG_INVALID');
      expect(log).toContain(`INGEST_API_KEYS_FILE: the key file ${keyFile} cannot be used: line 2 gives globex the key of acme`);
      expect(log).not.toContain(shared);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
