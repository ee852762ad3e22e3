import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArchiveRotation, decodeContainer, encodeArchived, localDirectoryStorage, parseArchiveFilePath, type ArchiveFile } from '@thermostream/archive';
import type { ArchivedReading, RawReading } from '@thermostream/avro';
import { launchOf, pipelineLaunches, startService, waitUntilReady, type RunningService, type ServiceLaunch } from '@thermostream/pipeline';
import { createProducer, outbound, topicName, topics } from '@thermostream/kafka';
import { avroToolsCodec, avroToolsToJson } from '../support/avro-tools.ts';
import { eventually, freePort } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

const limits = { maxRecordsPerFile: 500, maxBytesPerFile: 64 * 1024 * 1024 };
const total = 12_000;
const perSend = 200;
/** Ingest times cross an hour boundary half-way, so files are also cut by technical hour. */
const receivedAt = (index: number) => Date.UTC(2026, 10, 24, 10, 59, 0) + index * 10;

const reading = (index: number): RawReading => ({
  id: `archive-${index}`,
  timestamp: '2026-11-24 10:15:00',
  lat: 48.85,
  lon: 2.35,
  temperature: (index % 400) / 10,
  country: 'France',
  version: null,
  ingest: { received_at: receivedAt(index), partner: 'acme', request_id: `req-${Math.floor(index / perSend)}` },
});

describe('raw-archiver: every readings.raw record in exactly one file, the same files after a SIGKILL', () => {
  const namespace = uniqueNamespace('archive');
  const archiveDir = path.join(mkdtempSync(path.join(tmpdir(), 'thermostream-archive-')), 'archive');
  let launch: ServiceLaunch;
  let archiver: RunningService | undefined;
  const logDir = path.join(path.dirname(archiveDir), 'logs');
  const startArchiver = async () => {
    archiver = startService(launch, logDir);
    await waitUntilReady([archiver], 120_000);
  };

  beforeAll(async () => {
    const endpoints = await testStackEndpoints();
    const port = await freePort();
    const base = launchOf(pipelineLaunches({ endpoints, namespace, archiveDir, apiKey: 'unused', ports: { 'raw-archiver': port } }), 'raw-archiver');
    launch = {
      ...base,
      environment: {
        ...base.environment,
        ARCHIVE_MAX_RECORDS_PER_FILE: String(limits.maxRecordsPerFile),
        ARCHIVE_IDLE_FLUSH_MS: '3000',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        LOG_LEVEL: 'warn',
      },
    };
    await startArchiver();
  });

  afterAll(async () => {
    await archiver?.stop();
  });

  it('rewrites the same file names and counts after being killed while writing, and an independent Avro reader reads them all', async () => {
    const context = await testKafkaContext(namespace);
    const producer = await createProducer(context);
    const storage = localDirectoryStorage(archiveDir);
    const kills: number[] = [];
    try {
      for (let sent = 0; sent < total; sent += perSend) {
        await producer.send(Array.from({ length: perSend }, (_, index) => outbound(topics.raw, `archive-${sent + index}`, reading(sent + index))));
        // Kill twice, just after the load crossed a rotation (every ~3,000 records: 500 per file, 6
        // partitions), so that the archiver is writing files or about to; restart at once. The load
        // goes on without pause: a pause longer than the idle time would flush files early.
        if (sent === 3_200 || sent === 9_200) {
          archiver!.kill('SIGKILL');
          await archiver!.exited;
          kills.push(sent);
          await startArchiver();
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await producer.disconnect();
    }

    // The expectation: the same records cut by the rotation alone, as a run without any crash would.
    const consumed = await readTopic(context, topics.raw, { count: total, timeoutMs: 60_000 });
    expect(consumed).toHaveLength(total);
    const rotation = createArchiveRotation(topicName(topics.raw, namespace), limits);
    const expected: ArchiveFile[] = [];
    const byPartition = new Map<number, ArchivedReading[]>();
    for (const record of consumed) {
      const archived = { offset: record.offset, timestamp: record.timestamp, key: record.key, reading: record.value };
      byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), archived]);
    }
    for (const [partition, records] of byPartition) {
      expected.push(...rotation.append(partition, encodeArchived(records.sort((a, b) => a.offset - b.offset)), 0).closed);
      expected.push(rotation.close(partition)!.file);
    }
    const expectedFiles = expected.map((file) => `${file.path} ${file.records.length}`).sort();

    const countsOnDisk = async () =>
      Promise.all((await storage.list()).map(async (file) => `${file} ${(await decodeContainer(await storage.read(file))).records.length}`));
    const actualFiles = await eventually('archive files', countsOnDisk, (files) => files.length === expectedFiles.length, 60_000);
    expect(actualFiles.sort()).toEqual(expectedFiles);

    const seen = new Map<string, number>();
    for (const file of await storage.list()) {
      const { partition } = parseArchiveFilePath(file)!;
      for (const record of (await decodeContainer(await storage.read(file))).records) {
        const key = `${partition}:${record.offset}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(consumed.every((record) => seen.has(`${record.partition}:${record.offset}`))).toBe(true);

    const visible = readdirSync(archiveDir, { recursive: true }).map(String);
    expect(visible.filter((entry) => path.basename(entry).startsWith('.') || entry.endsWith('.tmp'))).toEqual([]);

    let readByAvroTools = 0;
    for (const file of await storage.list()) {
      const records = (await avroToolsToJson(path.join(archiveDir, file))) as { offset: number; key: { string: string } | null }[];
      const decoded = (await decodeContainer(await storage.read(file))).records;
      expect(records.map((record) => record.offset)).toEqual(decoded.map((record) => record.offset));
      readByAvroTools += records.length;
    }
    expect(readByAvroTools).toBe(total);
    expect(await avroToolsCodec(path.join(archiveDir, (await storage.list())[0]!))).toBe('zstandard');
    console.log(`archive test: ${total} records, killed at ${kills.join(' and ')}, ${expectedFiles.length} files as expected, all read by avro-tools`);
    // Two kills, two restarts and one avro-tools JVM per file: on a busy 2-core machine this passes 120 s.
  }, 300_000);
});
