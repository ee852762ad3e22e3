// The image's HEALTHCHECK: GET /healthz on the port the service in SERVICE listens on, as it reads
// it (INGEST_PORT for http-ingest, METRICS_PORT for the others, else the service's default port).
// Exit 0 when it answers 200, 1 otherwise, as Docker expects.
import { serviceDefaultPorts } from '../packages/config/src/common.ts';

const service = process.env.SERVICE ?? '';
const port = (service === 'http-ingest' ? process.env.INGEST_PORT : process.env.METRICS_PORT) || serviceDefaultPorts[service];
if (port === undefined) {
  console.error(`SERVICE must name a thermostream service, not "${service}"`);
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) console.error(`/healthz answered ${response.status}: ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`/healthz on port ${port} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
