interface NestedError {
  message?: unknown;
  errors?: unknown[];
  cause?: unknown;
}

/**
 * The root causes of a Kafka client error, each said once: the client wraps a refused connection
 * in "Describing groups failed" around one "Cannot connect to any broker" per retry.
 */
export function rootCauses(error: unknown): string[] {
  const causes = new Set<string>();
  const walk = (candidate: unknown) => {
    if (typeof candidate !== 'object' || candidate === null) {
      causes.add(String(candidate));
      return;
    }
    const nested = candidate as NestedError;
    const inner = [...(nested.errors ?? []), ...(nested.cause === undefined ? [] : [nested.cause])];
    if (inner.length === 0) causes.add(String(nested.message));
    else inner.forEach(walk);
  };
  walk(error);
  return [...causes];
}

/** Runs a request to the stack's Kafka; a failure names what was asked, its root causes and the brokers, and points at the stack. */
export async function askKafka<T>(what: string, brokers: readonly string[], request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new Error(`${what} failed: ${rootCauses(error).join('; ')} (brokers ${brokers.join(', ')}; is the stack up? pnpm thermo stack status)`, { cause: error });
  }
}
