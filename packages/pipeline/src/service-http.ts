/**
 * GETs one of a local service's routes (/healthz, /readyz, /metrics): its status and body, or
 * undefined when it does not answer within `timeoutMs` (not started yet, stopped, hung).
 */
export async function getFromService(port: number, route: string, timeoutMs = 2_000): Promise<{ status: number; text: string } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch {
    return undefined;
  }
}
