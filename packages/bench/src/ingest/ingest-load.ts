import autocannon from 'autocannon';

export interface IngestLoad {
  url: string;
  apiKey: string;
  bodies: readonly Buffer[];
  connections: number;
  durationSeconds: number;
}

/** What one autocannon run against http-ingest saw. */
export interface IngestLoadResult {
  seconds: number;
  requests: number;
  /** Requests answered 2xx. */
  succeeded: number;
  /** Requests answered anything else, by status. */
  failedByStatus: Record<string, number>;
  /** Connection errors and timeouts, which have no status. */
  errors: number;
  timeouts: number;
  /** Readings http-ingest said it accepted and rejected, from the 2xx answers. */
  accepted: number;
  rejected: number;
  /** Request-body bytes of the 2xx requests. */
  bodyBytes: number;
  latencyMs: { p50: number; p99: number; average: number; max: number };
  /** CPU that autocannon (this process) used, in cores: it shares the machine with http-ingest and the broker. */
  loadGeneratorCores: number;
}

/** POSTs the bodies in turn over every connection for the duration, counting what the answers say. */
export async function driveIngest(load: IngestLoad): Promise<IngestLoadResult> {
  let accepted = 0;
  let rejected = 0;
  let bodyBytes = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.durationSeconds,
    // Longer than http-ingest's own acknowledgement timeout, so a slow Kafka shows as 503s, not as client timeouts.
    timeout: 30,
    requests: load.bodies.map((body) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': load.apiKey },
      body,
      onResponse: (status: number, responseBody: string) => {
        if (status < 200 || status >= 300) return;
        const answer = JSON.parse(responseBody) as { accepted: number; rejected: number };
        accepted += answer.accepted;
        rejected += answer.rejected;
        bodyBytes += body.length;
      },
    })),
  });
  const cpu = process.cpuUsage(cpuBefore);
  const failedByStatus = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {})
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, { count }]) => [status, count ?? 0]),
  );
  return {
    seconds: result.duration,
    requests: result['2xx'] + result.non2xx,
    succeeded: result['2xx'],
    failedByStatus,
    errors: result.errors,
    timeouts: result.timeouts,
    accepted,
    rejected,
    bodyBytes,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    loadGeneratorCores: Number(((cpu.user + cpu.system) / 1e6 / result.duration).toFixed(2)),
  };
}
