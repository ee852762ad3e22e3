import { thermo } from './thermo.mjs';

/** Stops the stack only if the global setup started it: a developer's running stack is left alone. */
export default async function globalTeardown() {
  if (globalThis.thermostreamStartedStack) thermo('stack', 'down');
}
