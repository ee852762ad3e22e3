import { decodeContainer, inTechnicalRange, planReplay, type ArchiveStorage, type TechnicalRange } from '@thermostream/archive';
import type { TopicReplication } from '@thermostream/config';
import { createProducer, ensureTopics, outbound, type KafkaContext, type Topic } from '@thermostream/kafka';

export interface ReplayOptions {
  storage: ArchiveStorage;
  range: TechnicalRange;
  /** A context whose namespace is '' so that the target topic's name is used as given. */
  context: KafkaContext;
  target: Topic<'RawReading'>;
  /** Of the target topic when the replay creates it. */
  replication: TopicReplication;
  /** Records per producer request. */
  recordsPerSend?: number;
  onFile?: (file: string, replayed: number) => void;
}

export interface ReplayReport {
  target: string;
  files: number;
  partitions: number;
  records: number;
  /** Records of the files read that fall outside the range (the files at its edges). */
  skipped: number;
  bytesRead: number;
  seconds: number;
}

/**
 * Republishes the archived records of a technical-time range: each source partition's files in
 * offset order, sent one request after the other, into one target partition (the same number when
 * the target has as many partitions), with the original key, timestamp and ingest metadata.
 * Partitions go in parallel; the order across partitions was never defined.
 */
export async function replayArchive(options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const plan = planReplay(await options.storage.list(), options.range);
  const partitionCount = (await ensureTopics(options.context, [options.target], options.replication)).get(options.target.name);
  if (partitionCount === undefined) throw new Error(`topic ${options.target.name} has no metadata`);
  const producer = await createProducer(options.context);
  const recordsPerSend = options.recordsPerSend ?? 2_000;
  const report: ReplayReport = { target: options.target.name, files: 0, partitions: plan.length, records: 0, skipped: 0, bytesRead: 0, seconds: 0 };
  try {
    await Promise.all(
      plan.map(async ({ partition, files }) => {
        for (const file of files) {
          const bytes = await options.storage.read(file);
          const { records } = await decodeContainer(bytes);
          const inRange = records.filter((record) => inTechnicalRange(record, options.range));
          for (let start = 0; start < inRange.length; start += recordsPerSend) {
            await producer.send(
              inRange.slice(start, start + recordsPerSend).map((record) => ({
                ...outbound(options.target, record.key, record.reading),
                partition: partition % partitionCount,
                timestamp: record.timestamp,
              })),
            );
          }
          report.files += 1;
          report.records += inRange.length;
          report.skipped += records.length - inRange.length;
          report.bytesRead += bytes.length;
          options.onFile?.(file, inRange.length);
        }
      }),
    );
  } finally {
    await producer.disconnect();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
