import type { InfrastructureFault } from './faults.ts';

export type ChaosFaultKind = InfrastructureFault | 'service-killed';

export const chaosFaultKinds: readonly ChaosFaultKind[] = ['broker-killed', 'broker-paused', 'postgres-stopped', 'registry-killed', 'service-killed'];

/** One fault to inject: its kind, the broker node or service it hits, and how long the component stays away. */
export interface PlannedFault {
  kind: ChaosFaultKind;
  /** Broker node id for broker faults, service name for a service kill. */
  target?: number | string;
  /** How long a stopped component stays away before it is brought back (a killed service comes back through its supervisor). */
  outageMs: number;
  /** Calm time before the fault. */
  calmMs: number;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * An endless, seeded sequence of faults: every kind once per round in a random order, and every
 * service killed once per round of services, so a short run still meets each kind.
 */
export function* faultSchedule(options: { random: () => number; brokers: number; services: readonly string[] }): Generator<PlannedFault> {
  const { random } = options;
  let services: string[] = [];
  const between = (lowMs: number, highMs: number) => Math.round(lowMs + random() * (highMs - lowMs));
  for (;;) {
    for (const kind of shuffled(chaosFaultKinds, random)) {
      const calmMs = between(5_000, 20_000);
      if (kind === 'service-killed') {
        if (services.length === 0) services = shuffled(options.services, random);
        yield { kind, target: services.pop()!, outageMs: 0, calmMs };
      } else if (kind === 'broker-killed' || kind === 'broker-paused') {
        yield { kind, target: 1 + Math.floor(random() * options.brokers), outageMs: kind === 'broker-paused' ? between(5_000, 25_000) : between(2_000, 15_000), calmMs };
      } else {
        yield { kind, outageMs: between(2_000, 15_000), calmMs };
      }
    }
  }
}
