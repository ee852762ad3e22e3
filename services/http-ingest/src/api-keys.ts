import { createHash, timingSafeEqual } from 'node:crypto';
import type { PartnerKey } from './config.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Finds the partner of an API key. Keys are compared as fixed-length digests in constant time, and
 * every key is compared, so the answer's timing says nothing about which key came close.
 */
export function createKeyChecker(keys: readonly PartnerKey[]): (presented: string | undefined) => string | null {
  const known = keys.map(({ partner, key }) => ({ partner, digest: digest(key) }));
  return (presented) => {
    if (presented === undefined || presented === '') return null;
    const candidate = digest(presented);
    let partner: string | null = null;
    for (const entry of known) if (timingSafeEqual(entry.digest, candidate) && partner === null) partner = entry.partner;
    return partner;
  };
}

/** The keys in force, replaced whole when the key file changes, without a restart. */
export interface ApiKeys {
  partnerOf(presented: string | undefined): string | null;
  replace(keys: readonly PartnerKey[]): void;
}

export function createApiKeys(keys: readonly PartnerKey[]): ApiKeys {
  let check = createKeyChecker(keys);
  return {
    partnerOf: (presented) => check(presented),
    replace: (replacement) => void (check = createKeyChecker(replacement)),
  };
}
