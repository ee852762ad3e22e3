import { readFileSync } from 'node:fs';
import type { Logger } from '@thermostream/observability';
import type { PartnerKey } from './config.ts';

/** Why a key file cannot be used; the message names the file's line, never a key. */
export class KeyFileError extends Error {}

/**
 * The keys of a key file: one `partner:key` per line, blank lines and `#` comments skipped. A file
 * that gives one key to two partners, or holds no key at all (a secret emptied or half written), is
 * refused whole: keeping the keys in force is safer than locking every partner out.
 */
export function parseKeyFile(text: string): PartnerKey[] {
  const keys: PartnerKey[] = [];
  const partnerByKey = new Map<string, string>();
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const separator = line.indexOf(':');
    const partner = line.slice(0, separator).trim();
    const key = line.slice(separator + 1).trim();
    if (separator < 0 || partner === '' || key === '') throw new KeyFileError(`line ${index + 1} is not partner:key`);
    const owner = partnerByKey.get(key);
    if (owner !== undefined && owner !== partner) throw new KeyFileError(`line ${index + 1} gives ${partner} the key of ${owner}`);
    partnerByKey.set(key, partner);
    keys.push({ partner, key });
  });
  if (keys.length === 0) throw new KeyFileError('it holds no partner:key line');
  return keys;
}

/** Reads and parses a key file at start: a file that cannot be used stops the service, naming why. */
export function readKeyFile(file: string): { text: string; keys: PartnerKey[] } {
  const text = readFileSync(file, 'utf8');
  try {
    return { text, keys: parseKeyFile(text) };
  } catch (error) {
    throw new KeyFileError(`the key file ${file} cannot be used: ${(error as Error).message}`);
  }
}

/**
 * Reads the key file again every `intervalMs` and hands over its keys when its text changed. Polling,
 * not fs.watch: a Kubernetes secret is updated by swapping a symlink, which a watch on the file misses.
 * A file that cannot be read or used keeps the keys in force, and says why once per change.
 */
export function watchKeyFile(
  file: string,
  options: { intervalMs: number; initialText: string; logger: Logger; onKeys: (keys: PartnerKey[]) => void },
): { stop(): void } {
  let seen = options.initialText;
  let unreadable: string | null = null;
  const poll = () => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (unreadable !== why) options.logger.warn({ file }, `API key file unreadable (${why}); the keys in force are kept`);
      unreadable = why;
      return;
    }
    unreadable = null;
    if (text === seen) return;
    seen = text;
    try {
      const keys = parseKeyFile(text);
      options.onKeys(keys);
      options.logger.info({ file, partners: new Set(keys.map((entry) => entry.partner)).size, keys: keys.length }, 'API keys reloaded');
    } catch (error) {
      options.logger.warn({ file }, `API key file cannot be used: ${(error as Error).message}; the keys in force are kept`);
    }
  };
  const timer = setInterval(poll, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
