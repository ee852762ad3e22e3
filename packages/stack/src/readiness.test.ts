import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastWords, waitFor } from './readiness.ts';

describe('waitFor', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says, when the component exits, what its log said went wrong', async () => {
    const logFile = path.join(dir, 'kafka-3.log');
    writeFileSync(
      logFile,
      [
        '[2026-12-07 21:35:40] INFO Starting',
        '[2026-12-07 21:35:41] ERROR [KafkaServer id=3] Fatal error during KafkaServer startup. Prepare to shutdown',
        'org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:45383: Address already in use.',
        '[2026-12-07 21:35:42] INFO shut down completed',
        '',
      ].join('\n'),
    );
    const waiting = waitFor('kafka-3', async () => false, { timeoutMs: 5_000, logFile, logFrom: 0, stillRunning: () => false });
    await expect(waiting).rejects.toThrow(/kafka-3 exited while starting; see .*kafka-3\.log\n {2}.*Fatal error during KafkaServer startup.*\n {2}.*Address already in use/);
  });

  it('gives the last lines of a log without errors, and nothing for a missing log', () => {
    const logFile = path.join(dir, 'quiet.log');
    writeFileSync(logFile, Array.from({ length: 20 }, (_, line) => `line ${line + 1}`).join('\n'));
    expect(lastWords(logFile, 0, 3)).toBe('\n  line 18\n  line 19\n  line 20');
    expect(lastWords(path.join(dir, 'missing.log'), 0)).toBe('');
  });
});
