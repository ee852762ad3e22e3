import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of one process, from /proc/<pid>/stat. */
export interface ProcessStat {
  parentPid: number;
  cpuTicks: number;
  /** CPU of its children that ended and were waited for (a server's past connections). */
  reapedChildTicks: number;
  rssPages: number;
}

/**
 * Reads ppid (field 4), utime + stime (14 and 15), cutime + cstime (16 and 17) and rss (24) of a
 * /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself hold spaces
 * and parentheses, so fields are counted from its last closing parenthesis.
 */
export function parseProcessStat(line: string): ProcessStat {
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state).
  const field = (number: number) => Number(fields[number - 3]);
  return { parentPid: field(4), cpuTicks: field(14) + field(15), reapedChildTicks: field(16) + field(17), rssPages: field(24) };
}

/** undefined once the process is gone. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The kernel's units of /proc/<pid>/stat on this machine: clock ticks a second and bytes a page. */
export function procUnits(): { ticksPerSecond: number; pageBytes: number } {
  const value = (name: string, fallback: number) => {
    try {
      return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
    } catch {
      return fallback;
    }
  };
  return { ticksPerSecond: value('CLK_TCK', 100), pageBytes: value('PAGESIZE', 4096) };
}
