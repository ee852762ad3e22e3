import { thermo } from './thermo.mjs';

/** Starts the native stack once for all integration tests, unless it is already running. */
export default async function globalSetup() {
  const status = JSON.parse(thermo('stack', 'status', '--json'));
  const alreadyUp = status.components.every((component) => component.up);
  if (!alreadyUp) thermo('stack', 'up');
  globalThis.thermostreamStartedStack = !alreadyUp;
}
