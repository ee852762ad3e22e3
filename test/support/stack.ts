import { loadCliConfig, stackOptionsOf } from '@thermostream/cli';
import { stackStatus, type StackEndpoints, type StackOptions } from '@thermostream/stack';

/** The stack the integration tests share: the developer's own when it runs, else one the global setup starts. */
export function testStackOptions(): StackOptions {
  return stackOptionsOf(loadCliConfig());
}

export async function testStackEndpoints(): Promise<StackEndpoints> {
  return (await stackStatus(testStackOptions())).endpoints;
}
