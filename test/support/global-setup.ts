import { stackStatus, stackUp } from '@thermostream/stack';
import { testStackOptions } from './stack.js';

declare global {
  var thermostreamStartedStack: boolean | undefined;
}

/** Starts the native stack once for every integration test, unless it is already running. */
export default async function globalSetup(): Promise<void> {
  const options = testStackOptions();
  const status = await stackStatus(options);
  const alreadyUp = status.components.every((component) => component.up);
  if (!alreadyUp) await stackUp(options);
  globalThis.thermostreamStartedStack = !alreadyUp;
}
