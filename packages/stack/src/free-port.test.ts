import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { freePort, freePorts, portsBelowEphemeralRange } from './free-port.ts';

describe('portsBelowEphemeralRange', () => {
  it('chooses below the range the kernel hands out to outgoing connections', () => {
    expect(portsBelowEphemeralRange('32768\t60999\n')).toEqual({ lowest: 20_000, highest: 32_767 });
  });

  it('gives up when the range leaves too few ports below it, or cannot be read', () => {
    expect(portsBelowEphemeralRange('20500 60999')).toBeUndefined();
    expect(portsBelowEphemeralRange('')).toBeUndefined();
  });
});

describe('freePorts', () => {
  const listening: Server[] = [];
  afterAll(async () => Promise.all(listening.map((server) => new Promise((resolve) => server.close(resolve)))));

  it('gives consecutive ports a server can then listen on, outside the range of outgoing connections', async () => {
    const first = await freePorts(4);
    for (let port = first; port < first + 4; port += 1) {
      const server = createServer();
      listening.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    }
    const range = portsBelowEphemeralRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'))!;
    expect(first).toBeGreaterThanOrEqual(range.lowest);
    expect(first + 3).toBeLessThanOrEqual(range.highest);
  });

  it('never gives one port twice, even to callers asking at once', async () => {
    const ports = await Promise.all(Array.from({ length: 300 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
  });
});
