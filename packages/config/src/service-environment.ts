import { childEnvironment } from './common.ts';

/**
 * Semi-space size (MB) of each service's young generation. V8 sizes it from the machine's memory:
 * up to 134 MB on a 24 GB machine, nearly all of it garbage between two scavenges. With 8 MB the six
 * services peaked about 420 MB lower under live load, and the backlog and live benchmarks drained as
 * fast. http-ingest and the scd-writer are the exceptions: each request's (each batch's) JSON,
 * readings and Avro records die young in bulk. With 32 MB http-ingest took more readings a second per
 * core, and the scd-writer spent 15.6–15.9 CPU s on a million readings instead of 17.3–17.7, its peak
 * RSS unchanged (bench pipeline, A/B alternating).
 */
const semiSpaceMegabytes: Readonly<Record<string, number>> = { 'http-ingest': 32, 'scd-writer': 32 };
const defaultSemiSpaceMegabytes = 8;

/** V8 flags the service starts with. */
export function serviceNodeOptions(service: string): string {
  return `--max-semi-space-size=${semiSpaceMegabytes[service] ?? defaultSemiSpaceMegabytes}`;
}

/**
 * The environment a service process starts with: `childEnvironment`, its NODE_OPTIONS made of
 * `serviceNodeOptions`, then the operator's, then the caller's (a profiler's preload): each added to
 * the ones before, never replacing them, so that a flag given again later wins.
 */
export function serviceEnvironment(service: string, overrides: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const environment = childEnvironment(overrides);
  const flags = [serviceNodeOptions(service), process.env['NODE_OPTIONS'], overrides['NODE_OPTIONS']];
  environment['NODE_OPTIONS'] = flags
    .map((given) => given?.trim())
    .filter(Boolean)
    .join(' ');
  return environment;
}
