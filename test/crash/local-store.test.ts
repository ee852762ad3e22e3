import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RunningService } from '@thermostream/pipeline';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';

const paris = (id: string, version: number, temperature: number) => ({ id, timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature, country: 'France', version });

/**
 * The scd-writer's local store is a cache of its changelog: behind it (killed between the Kafka commit
 * and the store's write) or gone, it must come back to exactly the changelog's state before it
 * handles anything, or a version would be counted twice or retracted from the wrong place.
 */
describe('the scd-writer’s local store after a crash', () => {
  let pipeline: RunningPipeline;
  let store: string;

  beforeAll(async () => {
    // Each batch written to disk before the next, so a copy of the store folder is the store between two batches.
    // (The crash suite kills scd-writers holding versions in memory, as they run by default.)
    pipeline = await startPipeline(uniqueNamespace('store'), { environment: { KAFKA_SESSION_TIMEOUT_MS: '6000', SCD_STORE_FLUSH_VERSIONS: '0' } });
    store = path.join(pipeline.scdStateDir, pipeline.namespace);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const scdWriter = (): RunningService => pipeline.instances.find((running) => running.service === 'scd-writer')!;
  const parisAt10 = async () => {
    const { rows } = await pipeline.database.query<{ points: number; sum: string }>(
      `SELECT number_of_points AS points, temperature_sum::text AS sum FROM region_hourly_temperature WHERE region_code = 'FR-IDF'`,
    );
    return rows.map((row) => `${row.points} ${Number(row.sum)}`);
  };
  const post = async (...readings: ReturnType<typeof paris>[]) => expect((await postReadings(pipeline, readings)).status).toBe(200);
  const logLines = (message: string) => readFileSync(scdWriter().logFile, 'utf8').split('\n').filter((line) => line.includes(message));

  it('catches up a store left behind a committed transaction, and rebuilds a deleted one, counting each version once', async () => {
    await post(paris('a', 1, 20), paris('b', 1, 10));
    await eventually('a and b', parisAt10, (rows) => rows[0] === '2 30');
    // The moment a kill between commit and store write would leave: the store before the next batch.
    await pipeline.stopInstance(scdWriter(), 'SIGKILL');
    const before = `${store}-before`;
    cpSync(store, before, { recursive: true });
    await pipeline.startInstance('scd-writer', 0);

    await post(paris('a', 2, 24));
    await eventually('a corrected', parisAt10, (rows) => rows[0] === '2 34');
    await pipeline.stopInstance(scdWriter(), 'SIGKILL');
    rmSync(store, { recursive: true });
    cpSync(before, store, { recursive: true });
    await pipeline.startInstance('scd-writer', 0);
    expect(logLines('local store caught up with the changelog').length).toBeGreaterThan(0);

    // a's version 2 again is a duplicate only if the store caught up: otherwise 24 would replace 20 twice.
    await post(paris('a', 2, 24), paris('c', 1, 1));
    await eventually('c added, a unchanged', parisAt10, (rows) => rows[0] === '3 35');

    await pipeline.stopInstance(scdWriter(), 'SIGKILL');
    rmSync(store, { recursive: true });
    await pipeline.startInstance('scd-writer', 0);
    const rebuilt = logLines('local store rebuilt from the changelog').map((line) => JSON.parse(line) as { restored: number; idsPerSecond: number });
    expect(rebuilt.reduce((total, line) => total + line.restored, 0)).toBe(3);

    // Version 3 of a retracts version 2's 24, which only the rebuilt store knows.
    await post(paris('a', 3, 30));
    await eventually('a corrected again', parisAt10, (rows) => rows[0] === '3 41');
    const report = await pipeline.verify();
    expect(report).toMatchObject({ differences: [], imbalances: 0, currentReadings: 3 });
  });
});
