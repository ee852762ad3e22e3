import { loadConfig, stackSettings } from '@thermostream/config';
import { fromRepositoryRoot } from '@thermostream/cli';
import { stackStatus, type StackEndpoints } from '@thermostream/stack';

/** The stack the integration tests share: the developer's own when it runs, else one the global setup starts. */
export function testStackOptions() {
  return { dataDir: fromRepositoryRoot(loadConfig(stackSettings).dataDir), log: (line: string) => console.error(line) };
}

export async function testStackEndpoints(): Promise<StackEndpoints> {
  return (await stackStatus(testStackOptions())).endpoints;
}
