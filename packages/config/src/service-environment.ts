import { childEnvironment } from './common.ts';

/**
 * V8 flags every service starts with. V8 sizes a process's young generation from the machine's
 * memory: up to 134 MB on a 24 GB machine, nearly all of it garbage between two scavenges. With
 * 8 MB semi-spaces the six services peaked about 420 MB lower under live load, and the backlog and
 * live benchmarks drained as fast (README, Performance).
 */
export const serviceNodeOptions = '--max-semi-space-size=8';

/**
 * The environment a service process starts with: `childEnvironment`, with `serviceNodeOptions` ahead
 * of any NODE_OPTIONS of the operator's or the caller's, so that a flag they give again wins.
 */
export function serviceEnvironment(overrides: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const environment = childEnvironment(overrides);
  const given = environment['NODE_OPTIONS']?.trim();
  environment['NODE_OPTIONS'] = given ? `${serviceNodeOptions} ${given}` : serviceNodeOptions;
  return environment;
}
