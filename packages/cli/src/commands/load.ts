import { parseArgs } from 'node:util';
import { createReadingGenerator } from '@thermostream/bench';
import type { CliConfig } from '../cli-config.ts';
import { describeEndpointsFor } from './stack.ts';

const usage = `thermo load [--rate N] [--duration S] [--batch N] [--corrections F] [--duplicates F]
            [--invalid F] [--foreign F] [--seed N] [--url URL] [--api-key KEY]
  POSTs generated readings to http-ingest: N readings/s for S seconds, in batches of --batch.
  Shares F are fractions (0..1) of corrections, exact duplicates, invalid records and readings abroad.`;

export async function loadCommand(args: string[], config: CliConfig): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '10' },
      batch: { type: 'string', default: '500' },
      corrections: { type: 'string', default: '0.05' },
      duplicates: { type: 'string', default: '0.02' },
      invalid: { type: 'string', default: '0.01' },
      foreign: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '1' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: keyof typeof values) => {
    const parsed = Number(values[name]);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number\n${usage}`);
    return parsed;
  };
  const endpoints = describeEndpointsFor(config);
  const url = values.url ?? endpoints.ingestUrl;
  const apiKey = values['api-key'] ?? endpoints.ingestApiKey;
  const rate = number('rate');
  const batchSize = Math.max(1, Math.floor(number('batch')));
  const total = Math.floor(rate * number('duration'));
  const generator = createReadingGenerator({
    seed: number('seed'),
    startTime: Date.UTC(2026, 0, 1),
    shares: {
      corrections: number('corrections'),
      duplicates: number('duplicates'),
      invalid: number('invalid'),
      foreign: number('foreign'),
    },
  });

  const started = Date.now();
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  while (sent < total) {
    const size = Math.min(batchSize, total - sent);
    const readings = Array.from({ length: size }, () => generator.next());
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(readings),
    });
    if (response.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      continue;
    }
    if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as { accepted: number; rejected: number };
    accepted += answer.accepted;
    rejected += answer.rejected;
    sent += size;
    const due = started + (sent / rate) * 1000;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    JSON.stringify({ sent, accepted, rejected, seconds: Number(seconds.toFixed(2)), readingsPerSecond: Math.round(sent / seconds) }),
  );
}
