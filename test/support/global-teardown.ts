import { stackDown } from '@thermostream/stack';
import { testStackOptions } from './stack.js';

/** Stops the stack only if the global setup started it: a developer's running stack is left alone. */
export default async function globalTeardown(): Promise<void> {
  if (globalThis.thermostreamStartedStack) await stackDown(testStackOptions());
}
