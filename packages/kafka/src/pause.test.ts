import { createPause } from './pause.ts';

const within = <V>(promise: Promise<V>, ms: number) => Promise.race([promise.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describe('createPause', () => {
  it('ends by itself after its time', async () => {
    expect(await within(createPause().pause(5), 1_000)).toBe('ended');
  });

  it('ends at once when woken up', async () => {
    const { pause, wakeUp } = createPause();
    const paused = pause(60_000);
    wakeUp();
    expect(await within(paused, 100)).toBe('ended');
  });

  it('is not ended early by a wake-up that came before it', async () => {
    const { pause, wakeUp } = createPause();
    wakeUp();
    const paused = pause(60_000);
    expect(await within(paused, 50)).toBe('still waiting');
    wakeUp();
    await paused;
  });
});
