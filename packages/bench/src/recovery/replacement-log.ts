/**
 * What a replacement scd-writer said in its JSON log about getting back to work: when it joined its
 * consumer group, and how its local store caught up with the changelog (services/scd-writer's
 * catch-up logs one line per partition it read anything for, and one per partition it rebuilt).
 */
export interface CatchUp {
  /**
   * `rebuilt` when a partition's store was read from the changelog's beginning, `caught up` when
   * from the position it had reached, `nothing to read` when no partition logged a line: every
   * store was already at the end of its changelog.
   */
  store: 'rebuilt' | 'caught up' | 'nothing to read';
  /** Partitions that logged a catch-up line. */
  partitions: number;
  /** Ids read into the store, summed over the partitions. */
  restored: number;
  /** Seconds the partitions' catch-ups took, summed: they run one after the other. */
  seconds: number;
  /** restored / seconds; null when the catch-ups took no measurable time. */
  idsPerSecond: number | null;
}

export interface ReplacementLog {
  /** When the process first logged that it joined its group (epoch ms), or null if it did not yet. */
  joinedAt: number | null;
  catchUp: CatchUp;
}

export const rebuiltMessage = 'local store rebuilt from the changelog';
export const caughtUpMessage = 'local store caught up with the changelog';
const joinedMessage = 'joined group';

/**
 * Reads the lines of one process (`pid`) out of a service's log, which the killed instance's lines
 * share: the launcher appends every instance's output to one file. Lines that are not JSON (a
 * runtime's warning) are skipped.
 */
export function readReplacementLog(text: string, pid: number): ReplacementLog {
  let joinedAt: number | null = null;
  let rebuilt = 0;
  let partitions = 0;
  let restored = 0;
  let seconds = 0;
  for (const line of text.split('\n')) {
    const entry = jsonObject(line);
    if (entry === undefined || entry.pid !== pid) continue;
    if (entry.msg === joinedMessage && joinedAt === null) {
      const at = typeof entry.time === 'string' ? Date.parse(entry.time) : Number.NaN;
      if (Number.isFinite(at)) joinedAt = at;
    }
    if (entry.msg === rebuiltMessage || entry.msg === caughtUpMessage) {
      partitions += 1;
      if (entry.msg === rebuiltMessage) rebuilt += 1;
      restored += finite(entry.restored);
      seconds += finite(entry.seconds);
    }
  }
  const store = partitions === 0 ? 'nothing to read' : rebuilt > 0 ? 'rebuilt' : 'caught up';
  return { joinedAt, catchUp: { store, partitions, restored, seconds, idsPerSecond: seconds > 0 ? restored / seconds : null } };
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The sum of a metric's samples in a Prometheus text exposition, whatever their labels; 0 when it has none yet. */
export function metricTotal(exposition: string, metric: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (!rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(rest.slice(rest.lastIndexOf('}') + 1).trim().split(/\s+/)[0]);
    if (Number.isFinite(value)) total += value;
  }
  return total;
}
