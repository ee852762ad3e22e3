import { childEnvironment } from './common.ts';

/**
 * V8 flags every service starts with: a young generation of up to 32 MB a semi-space. V8 sizes it
 * from the machine's memory (up to 134 MB on a 24 GB machine), and a batch's records, readings and
 * Avro values die young in bulk: with 8 MB, scavenges took 1.8 of the filter's 4.7 CPU s on a million
 * readings. With 32 MB for every service, the filter, region-partitioner and lake-writer spent 0.4–0.6
 * CPU s less each on a million readings (bench pipeline, A/B alternating; 64 MB did no better), the
 * services' peak RSS about 60 MB higher in sum.
 */
export const serviceNodeOptions = '--max-semi-space-size=32';

/**
 * The environment a service process starts with: `childEnvironment`, its NODE_OPTIONS made of
 * `serviceNodeOptions`, then the operator's, then the caller's (a profiler's preload): each added to
 * the ones before, never replacing them, so that a flag given again later wins.
 */
export function serviceEnvironment(overrides: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const environment = childEnvironment(overrides);
  const flags = [serviceNodeOptions, process.env['NODE_OPTIONS'], overrides['NODE_OPTIONS']];
  environment['NODE_OPTIONS'] = flags
    .map((given) => given?.trim())
    .filter(Boolean)
    .join(' ');
  return environment;
}
