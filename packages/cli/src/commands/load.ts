import { createReadingGenerator } from '@thermostream/bench';
import type { CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { describeLoadProgress, type LoadCounts } from '../load-progress.ts';
import { describeEndpointsFor } from './stack.ts';

const share = (what: string, fallback: string) => ({ type: 'string', placeholder: 'F', description: `share (0..1) of ${what}`, default: fallback }) as const;

const command = declareCommand({
  name: 'thermo load',
  summary: `POSTs generated readings to http-ingest: N readings/s for S seconds, in batches of --batch.
Prints a progress line to stderr every few seconds (sent, accepted, rejected, readings/s), then
a summary as JSON to stdout.`,
  options: {
    rate: { type: 'string', placeholder: 'N', description: 'readings a second', default: '1000' },
    duration: { type: 'string', placeholder: 'S', description: 'seconds', default: '10' },
    batch: { type: 'string', placeholder: 'N', description: 'readings a request', default: '500' },
    corrections: share('corrections', '0.05'),
    duplicates: share('exact duplicates', '0.02'),
    invalid: share('invalid records', '0.01'),
    foreign: share('readings abroad', '0.1'),
    seed: { type: 'string', placeholder: 'N', description: 'seed of the generator', default: '1' },
    url: { type: 'string', placeholder: 'URL', description: "http-ingest's readings URL (default: the stack's)" },
    'api-key': { type: 'string', placeholder: 'KEY', description: 'the partner key (default: THERMO_INGEST_API_KEY)' },
    'progress-interval': { type: 'string', placeholder: 'S', description: 'seconds between progress lines', default: '5' },
  },
});

export async function loadCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const number = (name: 'rate' | 'duration' | 'batch' | 'corrections' | 'duplicates' | 'invalid' | 'foreign' | 'seed') => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < 0) throw command.usageError(`--${name} must be a non-negative number`);
    return value;
  };
  const endpoints = describeEndpointsFor(config);
  const url = values.url ?? endpoints.ingestUrl;
  const apiKey = values['api-key'] ?? endpoints.ingestApiKey;
  const rate = number('rate');
  const batchSize = Math.max(1, Math.floor(number('batch')));
  const total = Math.floor(rate * number('duration'));
  const progressIntervalMs = command.positiveInteger(values['progress-interval'], 'progress-interval') * 1000;
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

  const counts: LoadCounts = { at: Date.now(), sent: 0, accepted: 0, rejected: 0 };
  const start = { ...counts };
  // A rejected reading may have several problems: http-ingest lists each with its code.
  const problemsByCode: Record<string, number> = {};
  let previous = start;
  // A timer, not a line per request: a stalled ingest (503s, a request that hangs) must show too.
  const progress = setInterval(() => {
    const current = { ...counts, at: Date.now() };
    console.error(describeLoadProgress(start, previous, current, total));
    previous = current;
  }, progressIntervalMs);
  try {
    while (counts.sent < total) {
      const size = Math.min(batchSize, total - counts.sent);
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
      const answer = (await response.json()) as { accepted: number; rejected: number; errors: { code: string }[] };
      counts.accepted += answer.accepted;
      counts.rejected += answer.rejected;
      for (const error of answer.errors) problemsByCode[error.code] = (problemsByCode[error.code] ?? 0) + 1;
      counts.sent += size;
      const due = start.at + (counts.sent / rate) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
  } finally {
    clearInterval(progress);
  }
  const seconds = (Date.now() - start.at) / 1000;
  console.log(
    JSON.stringify({
      sent: counts.sent,
      accepted: counts.accepted,
      rejected: counts.rejected,
      problemsByCode,
      seconds: Number(seconds.toFixed(2)),
      readingsPerSecond: Math.round(counts.sent / seconds),
    }),
  );
}
