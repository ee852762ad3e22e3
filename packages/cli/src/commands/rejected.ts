import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createProducer, ensureTopics, outbound, scanTopic, topicName, topics, type KafkaContext } from '@thermostream/kafka';
import { operatorKafkaContext, pipelineScope } from '@thermostream/pipeline';
import { parseReadingTimestamp, rejectCodes, toRawReading } from '@thermostream/readings';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { askKafka } from '../kafka-failure.ts';
import { checkResend, resendEntriesOfFile, resendEntryOf, selectRejected, viewOf, type RejectedView, type ResendEntry } from '../rejected-records.ts';

const command = declareCommand({
  name: 'thermo rejected',
  summary: `Reads readings.rejected from the beginning (or from --since) and prints each record refused, with
its reason code, field, message, where it came from and its payload (the record as received).
--resend sends the payloads of the records chosen back to readings.raw, keyed by reading id, once a
fix lets them through (a rule or a limit changed): each is validated first, and one that still
breaks a rule is named with its problems and not sent. --resend-file sends the readings of a file
instead: the output of --json with payloads edited, or bare readings (a JSON array or one a line).
A resent reading without a version is numbered by its new arrival; sent twice, it still counts once.`,
  options: {
    since: { type: 'string', placeholder: 'TIME', description: 'only records rejected from then on: "YYYY-MM-DD HH:mm:ss" (UTC) or ISO-8601 with an offset' },
    reason: { type: 'string', placeholder: 'CODE', description: `only this reason code (${Object.keys(rejectCodes).length} codes, listed in docs/errors.md)` },
    service: { type: 'string', placeholder: 'S', description: 'only records this service rejected (http-ingest, filter)' },
    limit: { type: 'string', placeholder: 'N', description: 'at most N records, the oldest first' },
    namespace: { type: 'string', placeholder: 'NS', description: "a second model's topics (NS.readings.rejected, NS.readings.raw)", default: '' },
    json: { type: 'boolean', description: 'the records as a JSON array (payloads parsed), to read or to edit for --resend-file' },
    resend: { type: 'boolean', description: 'send the chosen records back to readings.raw' },
    'resend-file': { type: 'string', placeholder: 'FILE', description: 'send the readings of FILE to readings.raw' },
  },
});

export async function rejectedCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const since = values.since === undefined ? undefined : parseReadingTimestamp(values.since);
  if (since === null) throw command.usageError(`--since ${JSON.stringify(values.since)} is not "YYYY-MM-DD HH:mm:ss" (UTC) or ISO-8601 with an offset`);
  if (values.reason !== undefined && !Object.hasOwn(rejectCodes, values.reason)) throw command.usageError(`--reason ${values.reason} is not a reject code: ${Object.keys(rejectCodes).join(', ')}`);
  if (values.resend && values['resend-file'] !== undefined) throw command.usageError('--resend and --resend-file do not go together');
  const limit = values.limit === undefined ? undefined : command.positiveInteger(values.limit, 'limit');
  const context = kafkaContextOf(config, pipelineScope(config, values.namespace).namespace);

  if (values['resend-file'] !== undefined) {
    const file = values['resend-file'];
    await resend(context, resendEntriesOfFile(readFileSync(file, 'utf8'), file));
    return;
  }
  const scan = await askKafka(`reading ${topicName(topics.rejected, context.namespace)}`, context.brokers, () => scanTopic(context, topics.rejected, since === undefined ? {} : { since }));
  const views = selectRejected(scan.records, { reason: values.reason, service: values.service, limit }).map(viewOf);
  for (const record of scan.undecodable) console.error(`${topicName(topics.rejected, context.namespace)} partition ${record.partition} offset ${record.offset}: not decoded (${record.reason})`);
  if (values.json) console.log(JSON.stringify(views, null, 2));
  else {
    for (const view of views) console.log(describeRejected(view));
    console.log(`${views.length} rejected record(s) of ${scan.records.length} read`);
  }
  if (values.resend) await resend(context, views.map(resendEntryOf));
}

function kafkaContextOf(config: CliConfig, namespace: string): KafkaContext {
  const endpoints = stackEndpoints(stackOptionsOf(config));
  return operatorKafkaContext(endpoints, 'rejected', namespace);
}

function describeRejected(view: RejectedView): string {
  const origin = [
    view.partner === null ? null : `partner ${view.partner}`,
    view.requestId === null ? null : `request ${view.requestId}${view.recordIndex === null ? '' : ` #${view.recordIndex}`}`,
    view.source === null ? null : `${view.source.topic} ${view.source.partition}@${view.source.offset}`,
  ].filter((part) => part !== null);
  return [
    `${view.rejectedAt}  ${view.service}  ${view.reasonCode}${view.field === null ? '' : ` (${view.field})`}  id ${view.readingId ?? '-'}${origin.length > 0 ? `  ${origin.join(', ')}` : ''}`,
    `    ${view.message}`,
    `    ${typeof view.payload === 'string' ? view.payload : JSON.stringify(view.payload)}`,
  ].join('\n');
}

/**
 * Publishes the entries that pass validation to readings.raw as http-ingest would: keyed by reading
 * id, stamped with the partner they came from and a request id of their own, acknowledged by every
 * in-sync replica before this returns. Entries that still break a rule are named and not sent.
 */
async function resend(context: KafkaContext, entries: readonly ResendEntry[]): Promise<void> {
  const checks = entries.map(checkResend);
  const refused = checks.filter((check) => !check.ok);
  for (const check of refused) {
    console.error(`not resent: reading ${check.readingId ?? '(no id)'}: ${check.problems.map((problem) => `${problem.code}${problem.field === null ? '' : ` (${problem.field})`}: ${problem.message}`).join('; ')}`);
  }
  const requestId = `resend-${randomUUID()}`;
  const receivedAt = Date.now();
  const records = checks.flatMap((check) =>
    check.ok
      ? [outbound(topics.raw, check.reading.id, toRawReading(check.reading, check.partner === null ? null : { received_at: receivedAt, partner: check.partner, request_id: requestId }))]
      : [],
  );
  if (records.length > 0) {
    await askKafka(`sending to ${topicName(topics.raw, context.namespace)}`, context.brokers, async () => {
      await ensureTopics(context, [topics.raw]);
      const producer = await createProducer(context);
      try {
        await producer.send(records);
      } finally {
        await producer.disconnect();
      }
    });
  }
  console.error(`resent ${records.length} reading(s) to ${topicName(topics.raw, context.namespace)} (request ${requestId}); ${refused.length} still invalid, not sent`);
  if (refused.length > 0) process.exitCode = 1;
}
