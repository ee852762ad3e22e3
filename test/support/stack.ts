import path from 'node:path';
import { loadCliConfig, stackOptionsOf } from '@thermostream/cli';
import { stackStatus, type StackEndpoints, type StackOptions } from '@thermostream/stack';

/** The stack the integration tests share: the developer's own when it runs, else one the global setup starts. */
export function testStackOptions(): StackOptions {
  return stackOptionsOf(loadCliConfig());
}

/** Where the tests list the namespaces they create; test/support/global-teardown.mjs drops them and names the same file. */
export function createdNamespacesFile(dataDir: string): string {
  return path.join(dataDir, 'run', 'test-namespaces');
}

export async function testStackEndpoints(): Promise<StackEndpoints> {
  return (await stackStatus(testStackOptions())).endpoints;
}
