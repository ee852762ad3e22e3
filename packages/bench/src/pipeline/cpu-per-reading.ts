/** What one process (or a server with its children) spent while a side drained the backlog. */
export interface CpuPart {
  name: string;
  cpuSeconds: number;
}

export interface CpuPerReading {
  parts: CpuPart[];
  totalSeconds: number;
  /** Every counted process's CPU divided by the readings drained: on two cores, what bounds the drain. */
  microsPerReading: number;
}

export function cpuPerReading(parts: readonly CpuPart[], readings: number): CpuPerReading {
  const totalSeconds = parts.reduce((sum, part) => sum + part.cpuSeconds, 0);
  return { parts: [...parts], totalSeconds, microsPerReading: (totalSeconds / readings) * 1e6 };
}
