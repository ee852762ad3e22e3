import { dropNamespaces, kafkaTools } from '@thermostream/bench';
import { pipelineScope } from '@thermostream/pipeline';
import { createDatabase, schemaOfNamespace } from '@thermostream/postgres';
import { runningPid, stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo drop',
  positionals: '<namespace>...',
  summary: `Deletes what each namespace holds on the running stack: its topics (<namespace>.*), the registry
subjects of their values and the PostgreSQL schema <namespace> with every table in it. For a second
model no longer needed, or what the integration tests created. Refuses the product's own pipeline
and a namespace whose \`thermo start --namespace\` is still running.`,
  options: {},
});

export async function dropCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const namespaces = parsed.positionals;
  if (namespaces.length === 0) throw command.usageError('name at least one namespace');
  for (const namespace of namespaces) {
    if (namespace === '') throw new Error("the product's own pipeline (the empty namespace) cannot be dropped");
    const pid = runningPid(pipelineScope(config, namespace).pidFile);
    if (pid !== undefined) throw new Error(`namespace ${namespace} is running (thermo start --namespace ${namespace}, pid ${pid}): stop it first`);
  }
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: schemaOfNamespace(''), applicationName: 'thermo-drop' });
  try {
    await dropNamespaces({ namespaces, tools: kafkaTools(config.dataDir, endpoints.kafkaBrokers), registryUrl: endpoints.schemaRegistryUrl, database });
  } finally {
    await database.close();
  }
  console.log(`dropped ${namespaces.join(', ')}: topics, schema subjects and PostgreSQL schemas`);
}
