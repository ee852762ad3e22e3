import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports below this are left to well-known services and to the product's own defaults (up to 19108). */
const lowestChosenPort = 20_000;
const attempts = 200;
/**
 * Ports this process handed out already: drawn at random, two calls could otherwise give the same
 * port to two servers not yet listening (a test starting eight services at once).
 */
const handedOut = new Set<number>();

/**
 * The ports to choose from: those below the kernel's ephemeral range. A port in that range can be
 * taken, between the moment it is found free and the moment a server binds it, as the local end of
 * any outgoing connection on the machine; a broker started on it then exits with "address already
 * in use". Undefined when the range leaves too few ports below it.
 */
export function portsBelowEphemeralRange(ipLocalPortRange: string): { lowest: number; highest: number } | undefined {
  const ephemeralLowest = Number(ipLocalPortRange.trim().split(/\s+/)[0]);
  if (!Number.isInteger(ephemeralLowest) || ephemeralLowest - lowestChosenPort < 1_000) return undefined;
  return { lowest: lowestChosenPort, highest: ephemeralLowest - 1 };
}

/** Read once: the range does not change under a running process. */
let choosable: { lowest: number; highest: number } | undefined | null = null;

function choosablePorts(): { lowest: number; highest: number } | undefined {
  if (choosable !== null) return choosable;
  try {
    choosable = portsBelowEphemeralRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
  } catch {
    choosable = undefined;
  }
  return choosable;
}

/** A loopback port nothing listens on now: for a service started beside others (a benchmark, a test). */
export async function freePort(): Promise<number> {
  return freePorts(1);
}

/** The first of `count` consecutive loopback ports nothing listens on now (a broker's and its controller's, …). */
export async function freePorts(count: number): Promise<number> {
  const range = choosablePorts();
  if (range === undefined) return ephemeralFreePorts(count);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const first = range.lowest + Math.floor(Math.random() * (range.highest - range.lowest + 2 - count));
    if (await allFree(first, count)) return handOut(first, count);
  }
  throw new Error(`no ${count} consecutive free loopback ports found in ${range.lowest}–${range.highest} after ${attempts} attempts`);
}

/** Where the kernel's range is not known: ports the kernel hands out, which the race above can still hit. */
async function ephemeralFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const first = await listenOnce(0);
    if (first !== undefined && first + count - 1 <= 65_535 && (await allFree(first, count))) return handOut(first, count);
  }
  throw new Error(`no ${count} consecutive free loopback ports found after ${attempts} attempts`);
}

async function allFree(first: number, count: number): Promise<boolean> {
  for (let port = first; port < first + count; port += 1) {
    if (handedOut.has(port) || (await listenOnce(port)) === undefined) return false;
  }
  return true;
}

function handOut(first: number, count: number): number {
  for (let port = first; port < first + count; port += 1) handedOut.add(port);
  return first;
}

/** Listens on `port` (0: any) and closes again; the port listened on, or undefined when it was taken. */
function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : undefined));
    });
  });
}
