/** Client error codes that mean the bytes received could not be parsed. */
const dataCodes = new Set(['PLT_KFK_OUT_OF_BOUNDS', 'PLT_KFK_UNSUPPORTED_COMPRESSION', 'PLT_KFK_UNSUPPORTED_FORMAT']);

/**
 * Whether a failed fetch failed on the bytes it received (a record batch the client cannot parse or
 * decompress) rather than on the way to them: some error in the chain is a parse error (one of the
 * client's data codes, or an error of its own, such as zlib's, that the client passed through).
 * Only then can fetching the same offset again never help. The client's retries may add other
 * errors to the chain (a fetch session spoilt by the failed parse), which do not change that.
 */
export function isUnreadableData(error: unknown): boolean {
  let unreadable = false;
  const visit = (current: unknown, depth: number) => {
    if (typeof current !== 'object' || current === null || depth > 20) return;
    const found = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    const inner = [...(found.errors ?? []), ...(found.cause !== undefined ? [found.cause] : [])];
    const code = typeof found.code === 'string' ? found.code : '';
    // Socket errors (ECONNRESET, ETIMEDOUT…) are the way to the bytes; Node's ERR_* and zlib's Z_* are the bytes.
    if (dataCodes.has(code) || (inner.length === 0 && !code.startsWith('PLT_KFK_') && !/^E[A-Z]+$/.test(code))) unreadable = true;
    for (const next of inner) visit(next, depth + 1);
  };
  visit(error, 0);
  return unreadable;
}

/**
 * The first offset from which a partition reads again, after an unreadable record batch at `from`.
 * `read(offset)` fetches from an offset and gives the base offset of the first batch it got (the
 * broker answers from the start of the batch holding the offset), `undefined` when it could not be
 * read; `end` is the high watermark. Offsets are probed exponentially past `from`, then the boundary
 * is narrowed by bisection, so a batch of n records costs about 2·log2(n) fetches, and readable
 * batches just after it are not skipped.
 */
export async function findReadableOffset(from: bigint, end: bigint, read: (offset: bigint) => Promise<bigint | undefined>): Promise<bigint> {
  let unreadable = from;
  let readable = end;
  for (let step = 1n; from + step < end; step *= 2n) {
    const base = await read(from + step);
    if (base === undefined) {
      unreadable = from + step;
      continue;
    }
    readable = base > unreadable ? base : from + step;
    break;
  }
  while (readable - unreadable > 1n) {
    const middle: bigint = (unreadable + readable) / 2n;
    const base = await read(middle);
    if (base === undefined) unreadable = middle;
    else readable = base > unreadable ? base : middle;
  }
  return readable;
}
