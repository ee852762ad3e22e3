import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@thermostream/pipeline';
import { frameByKey, topics } from '@thermostream/kafka';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { testKafkaContext, topicRecordCount, uniqueNamespace } from '../support/pipeline-context.ts';
import { parisReading } from '../support/raw-reading.ts';

const run = promisify(execFile);

interface RejectedView {
  readingId: string | null;
  reasonCode: string;
  field: string | null;
  partner: string | null;
  payload: Record<string, unknown>;
}

const partitionOf = (id: string) => frameByKey([id], (key) => key, topics.raw.partitions, 1)[0]!.partition;

describe('thermo rejected', () => {
  let pipeline: RunningPipeline;
  let thermo: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;

  beforeAll(async () => {
    pipeline = await startPipeline(uniqueNamespace('rejected'));
    thermo = (...args) => run(process.execPath, ['packages/cli/src/main.ts', 'rejected', '--namespace', pipeline.namespace, ...args], { cwd: repositoryRoot });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const parisPoints = async () =>
    Number(
      (
        await pipeline.database.query<{ points: string }>(
          `SELECT coalesce(sum(number_of_points), 0) AS points FROM region_hourly_temperature WHERE region_code = 'FR-IDF' AND hour = '2026-11-24T10:00:00Z'`,
        )
      ).rows[0]!.points,
    );

  it('shows a reading refused for a bad field with its reason, refuses to resend it unfixed, and counts it once when the fixed one is resent twice', async () => {
    const context = await testKafkaContext(pipeline.namespace);
    const answer = await postReadings(pipeline, [{ ...parisReading('fix-1'), temperature: '12.5' }]);
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 1 });
    const reason = answer.body.errors[0]!.code;

    const [rejected] = await eventually(
      'the rejected reading on readings.rejected',
      async () => JSON.parse((await thermo('--reason', reason, '--json')).stdout) as RejectedView[],
      (views) => views.length === 1,
    );
    expect(rejected).toMatchObject({ readingId: 'fix-1', reasonCode: reason, field: 'temperature', partner: 'local', payload: { id: 'fix-1', temperature: '12.5' } });
    const { stdout: listing } = await thermo('--service', 'http-ingest');
    expect(listing).toContain(`${reason} (temperature)  id fix-1`);
    expect(listing).toContain('1 rejected record(s) of 1 read');

    // Unfixed, it breaks the same rule: named, and nothing sent.
    await expect(thermo('--resend')).rejects.toMatchObject({ stderr: expect.stringContaining(`not resent: reading fix-1: ${reason} (temperature)`) });
    expect(await topicRecordCount(context, topics.raw)).toBe(0);

    const fixed = { ...rejected!, payload: { ...rejected!.payload, temperature: 12.5 } };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'thermo-rejected-')), 'fixed.json');
    writeFileSync(file, JSON.stringify([fixed], null, 2));
    expect((await thermo('--resend-file', file)).stderr).toContain(`resent 1 reading(s) to ${pipeline.namespace}.readings.raw`);
    await eventually('the fixed reading counted', parisPoints, (points) => points === 1);

    // Resent again, with a reading of the same raw partition and the same region-hour after it: once
    // that one is in the table, the repeated one was handled before it.
    let sentinel = 'after-0';
    for (let index = 1; partitionOf(sentinel) !== partitionOf('fix-1'); index++) sentinel = `after-${index}`;
    writeFileSync(file, JSON.stringify([fixed, { ...parisReading(sentinel), ingest: undefined }]));
    expect((await thermo('--resend-file', file)).stderr).toContain('resent 2 reading(s)');
    await eventually('the reading sent after the repeated one counted', parisPoints, (points) => points >= 2);

    expect(await parisPoints()).toBe(2);
    await pipeline.historyMirrored();
    const { rows } = await pipeline.database.query<{ current: string }>(`SELECT count(*) AS current FROM reading_versions WHERE reading_id = 'fix-1' AND is_current`);
    expect(Number(rows[0]!.current)).toBe(1);
    expect((await pipeline.verify()).differences).toEqual([]);
  });
});
