import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RawReading } from '@thermostream/avro';
import { fromRepositoryRoot } from '@thermostream/pipeline';
import { topicName, topics } from '@thermostream/kafka';
import { eventually, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints, testStackOptions } from '../support/stack.ts';

const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const readingsPerCodec = 60;

/** Each codec gets its own hour in Île-de-France, so a reading lost or counted twice shows in its row. */
const readingsOf = (codec: (typeof codecs)[number], index: number): RawReading[] =>
  Array.from({ length: readingsPerCodec }, (_, n) => ({
    id: `${codec}-${n}`,
    timestamp: `2026-11-24 ${String(10 + index).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`,
    lat: 48.85,
    lon: 2.35,
    temperature: n,
    country: 'France',
    version: null,
    ingest: null,
  }));

describe('readings published by another Kafka client, with every codec', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    pipeline = await startPipeline(uniqueNamespace('codecs'));
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('are each counted exactly once, whichever codec compressed their record batch', async () => {
    const python = path.join(testStackOptions().dataDir, 'python', 'bin', 'python');
    if (!existsSync(python)) throw new Error(`no ${python}: run deploy/native/install-test-producer.sh`);
    const context = await testKafkaContext(pipeline.namespace);
    const subject = `${topicName(topics.raw, context.namespace)}-value`;
    const lines = codecs.flatMap((codec, index) =>
      readingsOf(codec, index).map((reading) =>
        JSON.stringify({
          topic: topicName(topics.raw, context.namespace),
          key: reading.id,
          value: context.serde.encode(subject, 'RawReading', reading).toString('base64'),
          codec,
        }),
      ),
    );
    const { kafkaBrokers } = await testStackEndpoints();
    const produced = spawnSync(python, [fromRepositoryRoot('test/kafka/produce-with-codecs.py'), kafkaBrokers.join(',')], {
      input: lines.join('\n'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(produced.stderr).toBe('');
    expect(JSON.parse(produced.stdout)).toEqual(Object.fromEntries(codecs.map((codec) => [codec, readingsPerCodec])));

    const expectedSum = (readingsPerCodec * (readingsPerCodec - 1)) / 2;
    const hours = () =>
      pipeline.database
        .query<{ hour: string; number_of_points: number; sum: string }>(
          `SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS hour, number_of_points, (temperature * number_of_points)::numeric(12, 2)::text AS sum
           FROM region_hourly_temperature WHERE region_code = 'FR-IDF' ORDER BY hour`,
        )
        .then((result) => result.rows);
    const rows = await eventually('one row per codec', hours, (found) => found.reduce((total, row) => total + row.number_of_points, 0) >= codecs.length * readingsPerCodec, 120_000);
    expect(rows).toEqual(codecs.map((_, index) => ({ hour: String(10 + index), number_of_points: readingsPerCodec, sum: `${expectedSum}.00` })));
    await pipeline.historyMirrored();
    const versions = await pipeline.database.query<{ count: string }>('SELECT count(*) FROM reading_versions');
    expect(Number(versions.rows[0]!.count)).toBe(codecs.length * readingsPerCodec);
  });
});
