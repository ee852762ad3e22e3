/** What `thermo load` has done so far, at one moment. */
export interface LoadCounts {
  /** Epoch milliseconds. */
  at: number;
  sent: number;
  accepted: number;
  rejected: number;
}

/**
 * One progress line: the totals, and the rate since the previous line (what the load does now) beside
 * the rate since the start (what it has averaged), so a stall shows at once.
 */
export function describeLoadProgress(start: LoadCounts, previous: LoadCounts, current: LoadCounts, total: number): string {
  const rate = (from: LoadCounts) => (current.at > from.at ? Math.round(((current.sent - from.sent) * 1000) / (current.at - from.at)) : 0);
  const elapsed = ((current.at - start.at) / 1000).toFixed(0);
  return (
    `load: ${elapsed} s, sent ${current.sent}/${total} (accepted ${current.accepted}, rejected ${current.rejected}), ` +
    `${rate(previous)} readings/s now, ${rate(start)} on average`
  );
}
