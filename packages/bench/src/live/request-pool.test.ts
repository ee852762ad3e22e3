import { createRegionAssigner } from '@thermostream/regions';
import { generateBacklog } from '../pipeline/backlog.ts';
import { liveRequestPool } from './request-pool.ts';

const assign = createRegionAssigner({ mode: 'bbox' });
const parse = (body: string) => JSON.parse(body) as { id: string; [field: string]: unknown }[];

describe('liveRequestPool', () => {
  const next = liveRequestPool({ size: 3, readingsPerRequest: 50, seed: 7, assign });

  it('sends every reading under an id no other request used, however often a template comes back', () => {
    const ids = Array.from({ length: 7 }, (_, request) => parse(next(request).body).map((reading) => reading.id)).flat();
    expect(ids).toHaveLength(7 * 50);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('repeats a template’s readings and points apart from the ids', () => {
    const withoutId = (body: string) => parse(body).map(({ id: _id, ...fields }) => fields);
    expect(withoutId(next(4).body)).toEqual(withoutId(next(1).body));
    expect(withoutId(next(4).body)).not.toEqual(withoutId(next(2).body));
    const template = generateBacklog({ count: 50, seed: 7 * 1_000_003 + 1, corrections: 0, assign });
    expect(next(4).expectedPoints).toBe(template.expectedPoints);
    expect(parse(next(4).body)[0]!.id).toBe(`r4-${String(template.readings[0]!.id)}`);
  });
});
