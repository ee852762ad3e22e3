import type { CurrentVersion } from '@thermostream/avro';
import { replicationForCluster } from '@thermostream/config';
import { createProducer, ensureTopics, outbound, topics } from '@thermostream/kafka';
import { operatorKafkaContext } from '@thermostream/pipeline';
import { createDatabase, schemaOfNamespace } from '@thermostream/postgres';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo seed-changelog',
  summary: `Moves an installation that kept its history in PostgreSQL: writes the current row of every id in
reading_versions to the scd-writer's changelog (readings.current-versions), from which the
scd-writers build their local stores at their first assignment. Run it once the old pipeline has
drained and its services are stopped, before the new ones start; running it again writes the same
values. See docs/exactly-once.md, "Migrating an installation that kept its history in PostgreSQL".`,
  options: {
    namespace: { type: 'string', placeholder: 'NS', description: "the second model whose history to move (default: the product's own)", default: '' },
    'database-url': { type: 'string', placeholder: 'URL', description: "PostgreSQL holding reading_versions (default: the stack's)" },
  },
});

/** Rows read and sent per round: the whole history need not fit in memory. */
const rowsPerPage = 20_000;

export async function seedChangelogCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const context = operatorKafkaContext(endpoints, 'seed-changelog', values.namespace);
  await ensureTopics(context, [topics.currentVersions], replicationForCluster(endpoints.kafkaBrokers.length));
  const database = createDatabase({
    databaseUrl: values['database-url'] ?? endpoints.postgresUrl,
    poolSize: 1,
    schema: schemaOfNamespace(values.namespace),
    applicationName: 'thermo-seed-changelog',
  });
  const producer = await createProducer(context);
  try {
    let after = '';
    let seeded = 0;
    for (;;) {
      // Every column in the changelog value's own name and type: the rows are its values as they come.
      const { rows } = await database.query<CurrentVersion & { reading_id: string }>(
        `SELECT reading_id, version::float8 AS version, region_code, ${epochMillis('hour')} AS hour, ${epochMillis('event_time')} AS event_time, temperature::float8 AS temperature,
                lat, lon, ${epochMillis('valid_from')} AS valid_from
         FROM reading_versions WHERE is_current AND reading_id > $1 ORDER BY reading_id LIMIT $2`,
        [after, rowsPerPage],
      );
      if (rows.length === 0) break;
      // Keyed by reading id, so each lands on the partition its id hashes to: that of readings.regional, whose owner reads it.
      await producer.send(rows.map(({ reading_id: readingId, ...current }) => outbound(topics.currentVersions, readingId, current)));
      seeded += rows.length;
      after = rows[rows.length - 1]!.reading_id;
      console.error(`${seeded} current versions written`);
    }
    console.log(`seeded readings.current-versions with ${seeded} current versions`);
  } finally {
    await producer.disconnect();
    await database.close();
  }
}

const epochMillis = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
