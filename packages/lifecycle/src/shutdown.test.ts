import { createShutdown } from './shutdown.ts';

const quietLogger = { info: () => undefined, error: () => undefined };

describe('createShutdown', () => {
  it('runs cleanup steps in reverse order of registration, then exits 0', async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const lifecycle = createShutdown({ logger: quietLogger, timeoutMs: 1000, exit: (code) => exits.push(code), signals: null });
    lifecycle.onShutdown('consumer', async () => void order.push('consumer'));
    lifecycle.onShutdown('http', async () => void order.push('http'));
    await lifecycle.shutdown('test');
    expect(order).toEqual(['http', 'consumer']);
    expect(exits).toEqual([0]);
  });

  it('still runs the remaining steps when one fails, and exits 1', async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const lifecycle = createShutdown({ logger: quietLogger, timeoutMs: 1000, exit: (code) => exits.push(code), signals: null });
    lifecycle.onShutdown('first', async () => void order.push('first'));
    lifecycle.onShutdown('broken', async () => {
      throw new Error('boom');
    });
    await lifecycle.shutdown('test');
    expect(order).toEqual(['first']);
    expect(exits).toEqual([1]);
  });

  it('runs the steps once even when asked twice, forcing the exit on the second request', async () => {
    let runs = 0;
    const exits: number[] = [];
    const lifecycle = createShutdown({ logger: quietLogger, timeoutMs: 1000, exit: (code) => exits.push(code), signals: null });
    lifecycle.onShutdown('slow', async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const first = lifecycle.shutdown('SIGTERM');
    await lifecycle.shutdown('SIGTERM');
    await first;
    expect(runs).toBe(1);
    expect(exits).toEqual([1, 0]);
  });
});
