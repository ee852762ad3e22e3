import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { currentVersionsFromChangelog, repositoryRoot } from '@thermostream/pipeline';
import { frameByKey, openCommittedReader, topics } from '@thermostream/kafka';
import { createDatabase, quoteIdentifier, runMigrations, type Database } from '@thermostream/postgres';
import { testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const run = promisify(execFile);
const hour = Date.UTC(2026, 10, 24, 10);

describe('thermo seed-changelog', () => {
  const namespace = uniqueNamespace('seed');
  let database: Database;

  beforeAll(async () => {
    database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: namespace, applicationName: 'test' });
    await runMigrations(database, { schema: namespace });
  });

  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`);
    await database.close();
  });

  it('writes the current row of every id in reading_versions to the changelog, on the partition its id hashes to', async () => {
    const at = (ms: number) => new Date(ms).toISOString();
    // a: a correction (version 1 closed, version 2 current); b: abroad; c: one current version.
    await database.query(
      `INSERT INTO reading_versions (reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, is_current, raw_partition, raw_offset)
       VALUES ('a', 1, 'FR-IDF', $1, $2, 20, 48.85, 2.35, $3, $4, false, 0, 0),
              ('a', 2, 'FR-ARA', $1, $2, 22.5, 45.76, 4.84, $4, NULL, true, 0, 1),
              ('b', 1, NULL, $1, $2, 3, 52.5, 13.4, $3, NULL, true, 0, 2),
              ('c', 7, 'FR-IDF', $1, $2, 11.25, 48.85, 2.35, $3, NULL, true, 0, 3)`,
      [at(hour), at(hour + 60_000), at(hour + 120_000), at(hour + 180_000)],
    );
    const { stdout } = await run(process.execPath, ['packages/cli/src/main.ts', 'seed-changelog', '--namespace', namespace], { cwd: repositoryRoot });
    expect(stdout).toContain('seeded readings.current-versions with 3 current versions');

    const context = await testKafkaContext(namespace);
    const current = await currentVersionsFromChangelog(context);
    expect(current.map((version) => `${version.regionCode ?? 'none'} ${version.temperature}`).sort()).toEqual(['FR-ARA 22.5', 'FR-IDF 11.25', 'none 3']);
    // Each id on its own partition of the changelog, where the owner of that readings.regional partition reads it.
    const found = new Map<string, { partition: number; version: number; validFrom: number }>();
    const reader = openCommittedReader(context, topics.currentVersions);
    for (let partition = 0; partition < topics.currentVersions.partitions; partition++) {
      await reader.readToEnd(partition, undefined, async (records) => {
        for (const record of records) found.set(record.key, { partition, version: record.value!.version, validFrom: record.value!.valid_from });
      });
    }
    await reader.close();
    expect(found.get('a')).toMatchObject({ version: 2, validFrom: hour + 180_000 });
    expect(found.get('c')).toMatchObject({ version: 7 });
    for (const [id, { partition }] of found) expect(partition).toBe(frameByKey([id], (key) => key, topics.regional.partitions, 1)[0]!.partition);
  });
});
