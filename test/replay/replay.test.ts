import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeContainer, localDirectoryStorage } from '@thermostream/archive';
import { createReadingGenerator } from '@thermostream/bench';
import { repositoryRoot } from '@thermostream/pipeline';
import { topicName, topics } from '@thermostream/kafka';
import { createRegionAssigner } from '@thermostream/regions';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { testKafkaContext, topicRecordCount, uniqueNamespace } from '../support/pipeline-context.ts';

const run = promisify(execFile);
const batchSize = 250;
const batches = 24;

/** POSTs a batch; returns how many readings http-ingest accepted onto readings.raw. */
async function post(pipeline: RunningPipeline, readings: unknown[]): Promise<number> {
  const answer = await postReadings(pipeline, readings);
  expect(answer.status).toBe(200);
  return answer.body.accepted;
}

const hourlyRows = async (pipeline: RunningPipeline) =>
  (
    await pipeline.database.query<{ row: string }>(
      `SELECT concat_ws(' ', region_code, region_name, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24'), number_of_points, temperature_sum, temperature) AS row
       FROM region_hourly_temperature ORDER BY region_code, hour`,
    )
  ).rows.map(({ row }) => row);

const totalPoints = (rows: string[]) => rows.reduce((sum, row) => sum + Number(row.split(' ').at(-3)), 0);

/** The whole SCD2 history but what depends on readings.raw offsets: a replayed model gets other offsets. */
const historyRows = async (pipeline: RunningPipeline) =>
  (
    await pipeline.database.query<{ row: string }>(
      `SELECT concat_ws(' ', reading_id, region_code, hour, event_time, temperature, lat, lon, valid_from, coalesce(valid_to::text, '-'), is_current, raw_partition) AS row
       FROM reading_versions ORDER BY reading_id, valid_from, valid_to NULLS LAST, temperature`,
    )
  ).rows.map(({ row }) => row);

async function archivedRecords(archiveDir: string): Promise<number> {
  const storage = localDirectoryStorage(archiveDir);
  let count = 0;
  for (const file of await storage.list()) count += (await decodeContainer(await storage.read(file))).records.length;
  return count;
}

describe('a second model fed by a replay of the first one’s archive', () => {
  let first: RunningPipeline;
  let second: RunningPipeline;

  beforeAll(async () => {
    // A short idle flush closes the archive files soon after the load stops.
    first = await startPipeline(uniqueNamespace('model_a'), { environment: { ARCHIVE_IDLE_FLUSH_MS: '1000' } });
    second = await startPipeline(uniqueNamespace('model_b'));
    // Two scd-writers relay their outboxes independently: retractions may overtake their additions.
    await second.startInstance('scd-writer', 1);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('reaches the same aggregates and history as the first model, while the first keeps running', async () => {
    const generator = createReadingGenerator({
      seed: 17,
      startTime: Date.UTC(2026, 10, 21),
      shares: { corrections: 0.25, duplicates: 0.05, invalid: 0.02, foreign: 0.08 },
    });
    const loadStarted = Date.now();
    let accepted = 0;
    for (let batch = 0; batch < batches; batch += 1) accepted += await post(first, Array.from({ length: batchSize }, () => generator.next()));
    const loadEnded = Date.now() + 1;

    const expected = generator.expectedAggregates(createRegionAssigner({ mode: 'polygon' }));
    const expectedPoints = [...expected.values()].reduce((sum, aggregate) => sum + aggregate.points, 0);
    const firstRows = await eventually(
      'the first model’s table',
      () => hourlyRows(first),
      (rows) => totalPoints(rows) === expectedPoints && rows.length === expected.size,
      120_000,
    );
    expect((await first.verify()).differences).toEqual([]);
    await first.historyMirrored();
    const firstHistory = await historyRows(first);
    const rawRecords = await topicRecordCount(await testKafkaContext(first.namespace), topics.raw);
    expect(rawRecords).toBe(accepted);
    await eventually('the first model’s archive', () => archivedRecords(first.archiveDir), (count) => count === rawRecords, 60_000);

    // The replay covers the load only; what the first model receives meanwhile is after `--to`.
    const replay = run(
      process.execPath,
      [
        'packages/cli/src/main.ts',
        'replay',
        '--archive',
        first.archiveDir,
        '--from',
        new Date(loadStarted - 1_000).toISOString(),
        '--to',
        new Date(loadEnded).toISOString(),
        '--topic',
        topicName(topics.raw, second.namespace),
        '--json',
      ],
      { cwd: repositoryRoot },
    );
    const meanwhile = Array.from({ length: 200 }, (_, index) => ({
      id: `meanwhile-${index}`,
      timestamp: '2026-11-21 03:30:00',
      lat: 48.8566,
      lon: 2.3522,
      temperature: 10,
      country: 'France',
    }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await post(first, meanwhile);

    const report = JSON.parse((await replay).stdout) as { records: number; files: number; target: string; recordsPerSecond: number };
    expect(report.target).toBe(topicName(topics.raw, second.namespace));
    expect(report.records).toBe(rawRecords);
    expect(await topicRecordCount(await testKafkaContext(second.namespace), topics.raw)).toBe(rawRecords);

    const secondRows = await eventually('the second model’s table', () => hourlyRows(second), (rows) => JSON.stringify(rows) === JSON.stringify(firstRows), 120_000);
    expect(secondRows).toEqual(firstRows);
    await second.historyMirrored();
    expect(await historyRows(second)).toEqual(firstHistory);
    expect(await second.verify()).toMatchObject({ differences: [], imbalances: 0 });

    // The first model went on: it has the readings posted during the replay, the second does not.
    await eventually('the first model after the replay', () => hourlyRows(first).then(totalPoints), (points) => points === expectedPoints + meanwhile.length, 60_000);
    await first.historyMirrored();
    expect((await historyRows(first)).length).toBe(firstHistory.length + meanwhile.length);
    console.log(`replay test: ${report.records} records from ${report.files} files into ${report.target} at ${report.recordsPerSecond} records/s; ${firstRows.length} region-hours equal`);
  }, 300_000);
});
