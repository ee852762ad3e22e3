import path from 'node:path';
import { createArchiveRotation, encodeContainer, localDirectoryStorage, type ArchiveFile } from '@thermostream/archive';
import { topicName, topics, type ConsumerHandle } from '@thermostream/kafka';
import { runConsumerService } from '@thermostream/service';
import { archiverSettings } from './config.ts';
import { toArchived } from './to-archived.ts';

runConsumerService({
  service: 'raw-archiver',
  settings: archiverSettings,
  input: topics.raw,
  mode: 'at-least-once',
  setup: async ({ config, metrics, logger, shutdown }) => {
    const storage = localDirectoryStorage(path.resolve(config.archiveDir));
    const rotation = createArchiveRotation(topicName(topics.raw, config.pipelineNamespace), {
      maxRecordsPerFile: config.maxRecordsPerFile,
      maxBytesPerFile: config.maxBytesPerFile,
    });
    logger.info({ archive: storage.describe(), codec: config.archiveCodec }, 'archiving readings.raw');
    let consumer: ConsumerHandle | undefined;
    // Batches and idle flushes change the same open files: one at a time.
    let queue: Promise<unknown> = Promise.resolve();
    const exclusive = <R>(work: () => Promise<R>): Promise<R> => {
      const result = queue.then(work);
      queue = result.catch(() => undefined);
      return result;
    };
    const writeFile = async (file: ArchiveFile) => {
      const bytes = await encodeContainer(file.records, config.archiveCodec);
      await storage.write(file.path, bytes);
      metrics.increment('thermostream_archive_files_written_total');
      metrics.increment('thermostream_archive_records_written_total', {}, file.records.length);
      metrics.increment('thermostream_archive_bytes_written_total', {}, bytes.length);
    };
    // An idle flush cuts a file where time ran out, which a restart from an older offset would not
    // reproduce: until its commit succeeds, no later file of that partition may be written.
    const idleCutsToCommit = new Map<number, number>();
    const commitIdleCut = async (partition: number) => {
      const offset = idleCutsToCommit.get(partition);
      if (offset === undefined || !consumer) return;
      await consumer.commit(partition, offset);
      idleCutsToCommit.delete(partition);
    };
    const flushIdle = () =>
      exclusive(async () => {
        for (const partition of rotation.idlePartitions(Date.now(), config.idleFlushMs)) {
          const closing = rotation.close(partition);
          if (!closing) continue;
          try {
            await writeFile(closing.file);
          } catch (error) {
            closing.reopen();
            throw error;
          }
          metrics.increment('thermostream_archive_idle_flushes_total');
          idleCutsToCommit.set(partition, rotation.committableOffset(partition)!);
          await commitIdleCut(partition);
        }
        metrics.set('thermostream_archive_open_files', rotation.openFiles());
      });
    const timer = setInterval(
      () => void flushIdle().catch((error: unknown) => logger.warn({ err: error }, 'idle flush failed; retrying')),
      Math.max(50, Math.min(1_000, Math.floor(config.idleFlushMs / 2))),
    );
    shutdown.onShutdown('idle flush', async () => clearInterval(timer));

    return {
      handle: (records) =>
        exclusive(async () => {
          await commitIdleCut(records[0]!.partition);
          const appended = rotation.append(records[0]!.partition, records.map(toArchived), Date.now());
          try {
            // Files are durable before the runner commits, and it commits only up to the open file.
            for (const file of appended.closed) await writeFile(file);
          } catch (error) {
            appended.rollback();
            throw error;
          }
          metrics.set('thermostream_archive_open_files', rotation.openFiles());
          return [];
        }),
      committableOffset: (partition) => rotation.committableOffset(partition),
      onAssignment: (partitions) => {
        rotation.keepOnly(partitions);
        // A partition that moved away is re-cut by its new owner from the committed offset.
        for (const partition of idleCutsToCommit.keys()) if (!partitions.includes(partition)) idleCutsToCommit.delete(partition);
      },
      started: (running) => (consumer = running),
    };
  },
});
