import type { RegionAssigner } from '@thermostream/regions';
import { generateBacklog, jsonLine } from '../pipeline/backlog.ts';

/** A request body of generated readings and the points it adds to the table. */
export interface LiveRequest {
  body: string;
  expectedPoints: number;
}

const idField = '{"id":"';

/**
 * The bodies the live benchmark POSTs, generated and serialised once, before the clock: the load
 * generator runs on the machine it measures, and making every reading during the run cost it about as
 * much CPU per reading as the region-partitioner's. Each request reuses one of `size` templates with
 * its ids prefixed by the request's number, so every reading it sends is a new id, and each template
 * adds the same points every time (its region-hours and values repeat; the table counts points).
 */
export function liveRequestPool(options: { size: number; readingsPerRequest: number; seed: number; assign: RegionAssigner }): (request: number) => LiveRequest {
  const templates = Array.from({ length: options.size }, (_, template) => {
    const backlog = generateBacklog({ count: options.readingsPerRequest, seed: options.seed * 1_000_003 + template, corrections: 0, assign: options.assign });
    const lines = backlog.readings.map(jsonLine);
    // Every reading's JSON starts with its id, the one field a prefix must reach.
    if (!lines.every((line) => line.startsWith(idField))) throw new Error('a generated reading does not start with its id');
    return { body: `[${lines.join(',')}]`, expectedPoints: backlog.expectedPoints };
  });
  return (request) => {
    const template = templates[request % templates.length]!;
    return { body: template.body.replaceAll(idField, `${idField}r${request}-`), expectedPoints: template.expectedPoints };
  };
}
