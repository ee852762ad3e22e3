import { killToConsuming, recoveryPassed, renderRecoveryBenchReport, type Recovery, type RecoveryBenchReport } from './recovery-report.ts';

const recovery = (overrides: Partial<Recovery>): Recovery => ({
  store: 'kept',
  batch: { fresh: 1_000, corrections: 500, publishSeconds: 0.4 },
  killToLaunchSeconds: 0.5,
  joinedSeconds: 2.1,
  readySeconds: 2.4,
  consumingSeconds: 2.6,
  tableSeconds: 3.2,
  catchUp: { store: 'caught up', partitions: 6, restored: 12_000, seconds: 0.3, idsPerSecond: 40_000 },
  restoredRecords: 12_000,
  ...overrides,
});

const report = (overrides: Partial<RecoveryBenchReport> = {}): RecoveryBenchReport => ({
  readings: 100_000,
  seed: 1,
  namespace: 'bench_0123abcd',
  sessionTimeoutMs: 30_000,
  targetSeconds: 10,
  drain: { publishSeconds: 2.5, secondsToReady: 4.1, seconds: 9.8, readingsPerSecond: 10_204, expectedPoints: 84_000 },
  recoveries: [
    recovery({}),
    recovery({
      store: 'deleted',
      killToLaunchSeconds: 0.7,
      consumingSeconds: 29.5,
      catchUp: { store: 'rebuilt', partitions: 6, restored: 98_765, seconds: 1.5, idsPerSecond: 65_843.3 },
    }),
  ],
  expectedPoints: 86_000,
  table: { equal: true, missingPoints: 0, extraPoints: 0, differences: [] },
  verify: { regionHoursCompared: 312, currentReadings: 86_000, differences: 0, imbalances: 0, passed: true },
  logDir: null,
  ...overrides,
});

describe('renderRecoveryBenchReport', () => {
  const text = renderRecoveryBenchReport(report());
  const line = (label: string) => text.split('\n').find((candidate) => candidate.startsWith(label)) ?? '';

  it('gives each recovery a column, the store kept and the store deleted', () => {
    expect(text).toMatch(/^\s+store kept\s+store deleted$/m);
    expect(line('batch sent after the kill')).toMatch(/1,000 \+ 500\s+1,000 \+ 500$/);
    expect(line('launch → ready (s)')).toMatch(/2\.40\s+2\.40$/);
  });

  it('counts the target from the kill, the publishing of the batch included', () => {
    expect(line('kill → consuming again (s), target 10')).toMatch(/3\.10 met\s+30\.20 missed$/);
    expect(killToConsuming(report().recoveries[1]!)).toBeCloseTo(30.2, 6);
  });

  it("reports what the replacement's catch-up logged, ids/s rounded", () => {
    expect(line('local store')).toMatch(/caught up\s+rebuilt$/);
    expect(line('  ids restored')).toMatch(/12,000\s+98,765$/);
    expect(line('  ids/s')).toMatch(/40,000\s+65,843$/);
    expect(line('  seconds (partitions summed)')).toMatch(/0\.300\s+1\.500$/);
  });

  it('passes only when verify passes and the table equals the expectation', () => {
    expect(line('verify:')).toBe('verify: passed (312 region-hours, 86,000 current readings, 0 differences, 0 imbalances)');
    expect(recoveryPassed(report())).toBe(true);
    const differing = report({ table: { equal: false, missingPoints: 0, extraPoints: 3, differences: ['FR-IDF|2026-01-01T10:00:00.000Z: expected 4 points'] } });
    expect(recoveryPassed(differing)).toBe(false);
    expect(renderRecoveryBenchReport(differing)).toContain('table: DIFFERS from the expectation');
    expect(renderRecoveryBenchReport(differing)).toContain('0 points missing, 3 extra\n  FR-IDF|2026-01-01T10:00:00.000Z: expected 4 points');
  });

  it('says n/a where the replacement logged no join or its catch-up took no measurable time', () => {
    const quiet = renderRecoveryBenchReport(
      report({ recoveries: [recovery({ joinedSeconds: null, catchUp: { store: 'nothing to read', partitions: 0, restored: 0, seconds: 0, idsPerSecond: null } })] }),
    );
    expect(quiet).toMatch(/^launch → joined its group \(s\)\s+n\/a$/m);
    expect(quiet).toMatch(/^ {2}ids\/s\s+n\/a$/m);
    expect(quiet).toMatch(/^local store\s+nothing to read$/m);
  });
});
