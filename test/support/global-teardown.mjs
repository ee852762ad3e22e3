import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { thermo } from './thermo.mjs';

/**
 * Drops the namespaces the tests listed (createdNamespacesFile in stack.ts): a stack that ran the tests
 * a few dozen times would otherwise hold thousands of their partitions and schema subjects. Then stops
 * the stack only if the global setup started it: a developer's running stack is left alone.
 */
export default async function globalTeardown() {
  const { dataDir } = JSON.parse(thermo('stack', 'status', '--json'));
  const listFile = path.join(dataDir, 'run', 'test-namespaces');
  if (existsSync(listFile)) {
    const namespaces = [...new Set(readFileSync(listFile, 'utf8').split('\n').filter((line) => line !== ''))];
    try {
      if (namespaces.length > 0) thermo('drop', ...namespaces);
      rmSync(listFile);
    } catch (error) {
      console.warn(`could not drop the namespaces the tests created (listed in ${listFile}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (globalThis.thermostreamStartedStack) thermo('stack', 'down');
}
