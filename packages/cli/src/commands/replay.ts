import { localDirectoryStorage } from '@thermostream/archive';
import { replayTopic, topicName, topics } from '@thermostream/kafka';
import { replicationForCluster } from '@thermostream/config';
import { operatorKafkaContext } from '@thermostream/pipeline';
import { parseReadingTimestamp } from '@thermostream/readings';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { replayArchive } from '../replay-archive.ts';

const command = declareCommand({
  name: 'thermo replay',
  summary: `Republishes the archived readings.raw records whose technical (ingest) time is in [from, to):
each partition's records in their original order, into the same partition number, with their
key, timestamp and ingest metadata. Times: "YYYY-MM-DD HH:mm:ss" (UTC) or ISO-8601 with offset.
To feed a second model running in namespace NS, give --topic NS.${topics.raw.name};
${topics.raw.name} itself is used only when named.
Replay a range once: a second run publishes the records again; the model it feeds ends with the
same aggregates (versions repeat as no-ops, unversioned readings re-apply in the same order) but
its reading_versions gains the repeated unversioned rows.`,
  options: {
    from: { type: 'string', placeholder: 'TIME', description: 'start of the ingest-time range, included (required)' },
    to: { type: 'string', placeholder: 'TIME', description: 'end of the ingest-time range, excluded (required)' },
    topic: { type: 'string', placeholder: 'T', description: `target topic; created with ${topics.raw.partitions} partitions if missing`, default: replayTopic().name },
    archive: { type: 'string', placeholder: 'DIR', description: 'the archive root (default: the one pnpm start writes)' },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function replayCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const from = timeOption(values.from, 'from');
  const to = timeOption(values.to, 'to');
  if (from >= to) throw command.usageError('--from must be before --to');
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const context = operatorKafkaContext(endpoints, 'replay', '');
  const target = replayTopic(values.topic);
  if (target.name === topicName(topics.raw, '')) console.error(`replaying into ${target.name}, the live pipeline's input, as asked`);
  const report = await replayArchive({
    storage: localDirectoryStorage(values.archive ?? config.archiveDir),
    range: { from, to },
    context,
    target,
    replication: replicationForCluster(endpoints.kafkaBrokers.length),
    onFile: values.json ? undefined : (file, records) => console.error(`${file}: ${records} records`),
  });
  if (values.json) {
    console.log(JSON.stringify({ ...report, recordsPerSecond: Math.round(report.records / report.seconds), archiveBytesPerRecord: bytesPerRecord(report) }, null, 2));
    return;
  }
  console.log(
    `replayed ${report.records} records (${report.skipped} outside the range) from ${report.files} files of ${report.partitions} partitions ` +
      `into ${report.target} in ${report.seconds.toFixed(1)} s: ${Math.round(report.records / report.seconds)} records/s, ` +
      `${(report.bytesRead / 1e6 / report.seconds).toFixed(1)} MB/s of archive read (${bytesPerRecord(report)} bytes per record)`,
  );
}

const bytesPerRecord = (report: { bytesRead: number; records: number; skipped: number }) =>
  Math.round((10 * report.bytesRead) / Math.max(1, report.records + report.skipped)) / 10;

function timeOption(text: string | undefined, name: string): number {
  if (text === undefined) throw command.usageError(`--${name} is required`);
  const time = parseReadingTimestamp(text);
  if (time === null) throw new Error(`--${name} ${JSON.stringify(text)} is not "YYYY-MM-DD HH:mm:ss" (UTC) or ISO-8601 with an offset`);
  return time;
}
