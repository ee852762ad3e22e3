import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaTools } from '@thermostream/bench';
import { loadCliConfig } from '@thermostream/cli';
import { repositoryRoot } from '@thermostream/pipeline';
import { subjectOf, topics } from '@thermostream/kafka';
import { createDatabase, runMigrations, schemaOfNamespace, type Database } from '@thermostream/postgres';
import { testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const run = promisify(execFile);
const thermo = (...args: string[]) => run(process.execPath, ['packages/cli/src/main.ts', ...args], { cwd: repositoryRoot });

describe('thermo drop', () => {
  let database: Database;

  beforeAll(async () => {
    database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: schemaOfNamespace(''), applicationName: 'test' });
  });

  afterAll(async () => {
    await database.close();
  });

  /** What a namespace holds on the stack: its topics, its schema subjects, whether its PostgreSQL schema exists. */
  async function holdings(namespace: string) {
    const endpoints = await testStackEndpoints();
    const topicList = await kafkaTools(loadCliConfig().dataDir, endpoints.kafkaBrokers).run([
      'org.apache.kafka.tools.TopicCommand',
      '--bootstrap-server',
      endpoints.kafkaBrokers.join(','),
      '--list',
    ]);
    // Asked one by one: the registry's subject list stops at a thousand.
    const subjects = await Promise.all(
      Object.values(topics).map(async (topic) => (await fetch(`${endpoints.schemaRegistryUrl}/subjects/${subjectOf(topic, namespace)}/versions`)).status),
    );
    const { rows } = await database.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists', [namespace]);
    return {
      topics: topicList.split('\n').filter((topic) => topic.startsWith(`${namespace}.`)).length,
      subjects: subjects.filter((status) => status === 200).length,
      schema: rows[0]!.exists,
    };
  }

  it("deletes the named namespaces' topics, schema subjects and PostgreSQL schemas, and nothing of another", async () => {
    const [first, second, kept] = [uniqueNamespace('drop'), uniqueNamespace('drop'), uniqueNamespace('drop')];
    for (const namespace of [first, second, kept]) {
      await testKafkaContext(namespace);
      await runMigrations(database, { schema: namespace });
    }
    const before = await holdings(kept);
    expect(before.topics).toBeGreaterThan(0);
    expect(before.subjects).toBeGreaterThan(0);
    expect(before.schema).toBe(true);
    expect(await holdings(first)).toEqual(before);

    const { stdout } = await thermo('drop', first, second);

    expect(stdout).toContain(`dropped ${first}, ${second}`);
    // Topic deletion is asynchronous in the broker: the command returns once it is accepted, and a
    // deleted topic may still be listed for a moment.
    const deadline = Date.now() + 30_000;
    let gone = { first: await holdings(first), second: await holdings(second) };
    while ((gone.first.topics > 0 || gone.second.topics > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      gone = { first: await holdings(first), second: await holdings(second) };
    }
    expect(gone.first).toEqual({ topics: 0, subjects: 0, schema: false });
    expect(gone.second).toEqual({ topics: 0, subjects: 0, schema: false });
    expect(await holdings(kept)).toEqual(before);
  });

  it("refuses the product's own pipeline and a name that is not a namespace, deleting nothing", async () => {
    await expect(thermo('drop', '')).rejects.toMatchObject({ stderr: expect.stringContaining('cannot be dropped') });
    await expect(thermo('drop', 'readings.*')).rejects.toMatchObject({ stderr: expect.stringContaining('must be 1 to 40 lower-case letters') });
    await expect(thermo('drop')).rejects.toMatchObject({ stderr: expect.stringContaining('name at least one namespace') });
  });
});
