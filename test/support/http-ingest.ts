import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchOf, pipelineLaunches, startService, waitUntilReady, type RunningService } from '@thermostream/pipeline';
import { freePort } from './pipeline.ts';
import { testStackEndpoints } from './stack.ts';

export interface RunningIngest {
  /** http://127.0.0.1:<port>, without a path. */
  baseUrl: string;
  readingsUrl: string;
  process: RunningService;
  stop(): Promise<void>;
}

/**
 * http-ingest alone, as a real process on the test stack in its own namespace: for tests of its HTTP
 * contract that need no downstream service. `apiKeys` maps each partner to its key; `environment`
 * adds or overrides settings (limits, timeouts, another broker).
 */
export async function startHttpIngest(
  namespace: string,
  options: { apiKeys: Record<string, string>; environment?: Record<string, string> },
): Promise<RunningIngest> {
  const endpoints = await testStackEndpoints();
  const port = await freePort();
  const workDir = mkdtempSync(path.join(tmpdir(), `thermostream-${namespace}-`));
  const base = launchOf(pipelineLaunches({ endpoints, namespace, archiveDir: path.join(workDir, 'archive'), apiKey: 'unused', ports: { 'http-ingest': port } }), 'http-ingest');
  const apiKeys = Object.entries(options.apiKeys)
    .map(([partner, key]) => `${partner}:${key}`)
    .join(',');
  const running = startService(
    { ...base, environment: { ...base.environment, INGEST_API_KEYS: apiKeys, ...options.environment } },
    path.join(workDir, 'logs'),
  );
  try {
    await waitUntilReady([running], 120_000);
  } catch (error) {
    await running.stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return { baseUrl, readingsUrl: `${baseUrl}/v1/readings`, process: running, stop: () => running.stop() };
}
