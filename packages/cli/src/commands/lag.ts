import { consumerGroupLag, type ConsumerGroupLag } from '@thermostream/kafka';
import { operatorKafkaContext, pipelineScope } from '@thermostream/pipeline';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { askKafka } from '../kafka-failure.ts';
import { scalableServices } from '../scaling.ts';

const command = declareCommand({
  name: 'thermo lag',
  summary: `Every consumer group of the pipeline (thermostream.<service>), asked of the broker: for each
partition it reads, the group's committed offset, the log end (high watermark) and the lag
between them, whichever instance reads it; and the group's state and member count. The same
figures as Kafka's kafka-consumer-groups --describe.`,
  options: {
    namespace: { type: 'string', placeholder: 'NS', description: "a second model's groups (NS.thermostream.<service>)", default: '' },
    json: { type: 'boolean', description: 'the groups as JSON' },
  },
});

export async function lagCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const scope = pipelineScope(config, values.namespace);
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const context = operatorKafkaContext(endpoints, 'lag', scope.namespace);
  const services = scalableServices.filter((service) => scope.services.includes(service));
  const groups = await askKafka('reading the consumer groups', endpoints.kafkaBrokers, () => consumerGroupLag(context, services));
  console.log(values.json ? JSON.stringify(groups, null, 2) : renderLag(groups));
}

function renderLag(groups: readonly ConsumerGroupLag[]): string {
  const header = ['TOPIC', 'PARTITION', 'COMMITTED', 'LOG-END', 'LAG', 'MEMBER'];
  return groups
    .map((group) => {
      const title = `${group.group}: ${group.state}, ${group.members} member(s), lag ${group.totalLag}`;
      if (group.partitions.length === 0) return `${title}\n  (no committed offset and no partition assigned)`;
      const rows = group.partitions.map((partition) => [
        partition.topic,
        String(partition.partition),
        partition.committedOffset === null ? '-' : String(partition.committedOffset),
        String(partition.logEndOffset),
        partition.lag === null ? '-' : String(partition.lag),
        partition.member ?? '-',
      ]);
      const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
      const line = (row: string[]) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd();
      return [title, line(header), ...rows.map(line)].join('\n');
    })
    .join('\n\n');
}
