/**
 * Pauses that `wakeUp` ends early: an idle consumer, or one backing off after a failure, goes on as
 * soon as there is news (a join, a failed client, a stop) rather than at the end of its wait.
 */
export function createPause() {
  let wake: () => void = () => undefined;
  return {
    pause: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    wakeUp: () => wake(),
  };
}
