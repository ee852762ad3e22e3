import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@thermostream/observability';
import type { PartnerKey } from './config.ts';
import { KeyFileError, parseKeyFile, readKeyFile, watchKeyFile } from './key-file.ts';

describe('parseKeyFile', () => {
  it('reads partner:key lines, skipping blank lines and comments, and lets a partner have several keys', () => {
    expect(parseKeyFile('# rotated 2026-11-24\nacme: key-1\r\n\nacme:key-2\n  globex:g:with:colons  \n')).toEqual([
      { partner: 'acme', key: 'key-1' },
      { partner: 'acme', key: 'key-2' },
      { partner: 'globex', key: 'g:with:colons' },
    ]);
  });

  it.each([
    ['a line without a key', 'acme:k1\nglobex:\n', 'line 2 is not partner:key'],
    ['a line without a separator', 'acme-k1\n', 'line 1 is not partner:key'],
    ['a key given to two partners', 'acme:shared\nglobex:shared\n', 'line 2 gives globex the key of acme'],
    ['no key at all', '# emptied\n\n', 'it holds no partner:key line'],
  ])('refuses %s, naming the line but never a key', (_case, text, why) => {
    expect(() => parseKeyFile(text)).toThrow(new KeyFileError(why));
  });
});

describe('watchKeyFile', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'key-file-'));
  const file = path.join(directory, 'keys');
  const logLines: string[] = [];
  const logger = createLogger({
    service: 'http-ingest',
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('hands over the keys of a changed file, keeps the keys in force when the new file is bad or gone, and says why', async () => {
    writeFileSync(file, 'acme:first-secret\n');
    const initial = readKeyFile(file);
    const handed: PartnerKey[][] = [];
    const watcher = watchKeyFile(file, { intervalMs: 20, initialText: initial.text, logger, onKeys: (keys) => handed.push(keys) });
    try {
      // Replaced as a mounted secret is: a new file moved into place.
      writeFileSync(`${file}.next`, 'acme:second-secret\nglobex:third-secret\n');
      renameSync(`${file}.next`, file);
      await until('the new keys', () => handed[0]);
      expect(handed).toEqual([[{ partner: 'acme', key: 'second-secret' }, { partner: 'globex', key: 'third-secret' }]]);

      writeFileSync(file, 'acme:second-secret\nglobex\n');
      await until('the complaint about the bad file', () => logLines.find((line) => line.includes('line 2 is not partner:key')));
      rmSync(file);
      await until('the complaint about the missing file', () => logLines.find((line) => line.includes('unreadable (ENOENT)')));
      expect(handed).toHaveLength(1);
      expect(logLines.filter((line) => line.includes('the keys in force are kept'))).toHaveLength(2);

      writeFileSync(file, 'acme:fourth-secret\n');
      await until('the keys of the repaired file', () => handed[1]);
      expect(handed[1]).toEqual([{ partner: 'acme', key: 'fourth-secret' }]);
    } finally {
      watcher.stop();
    }
    expect(logLines.join('')).not.toMatch(/first-secret|second-secret|third-secret|fourth-secret/);
  });

  it('refuses at start a file that cannot be used, naming the file and why', () => {
    writeFileSync(file, 'acme:shared\nglobex:shared\n');
    expect(() => readKeyFile(file)).toThrow(`the key file ${file} cannot be used: line 2 gives globex the key of acme`);
  });
});
