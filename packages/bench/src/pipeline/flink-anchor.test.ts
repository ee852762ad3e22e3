import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anchorRunDir, anchorServers, parseFlinkOutput, portsHeldByOthers } from './flink-anchor.ts';

describe('parseFlinkOutput', () => {
  it('reads the result and the details lines', () => {
    const output = [
      'RESULT done=yes points=100',
      'flink readings=200000 seconds=6.73 readings_per_s=29718 correct=unchecked',
      'flink-details parallelism=2 expected_points=179000 peak_rss_mb=1033 steady_readings_per_s=106000 submit_to_first_row_s=3.7 ',
    ].join('\n');
    expect(parseFlinkOutput(output)).toEqual({
      readings: 200000,
      seconds: 6.73,
      readingsPerSecond: 29718,
      correct: 'unchecked',
      details: { parallelism: '2', expected_points: '179000', peak_rss_mb: '1033', steady_readings_per_s: '106000', submit_to_first_row_s: '3.7' },
    });
  });

  it('reads a result line that starts after terminal colour codes', () => {
    const output = '\u001b[0m\u001b[0mflink readings=1000000 seconds=18.016 readings_per_s=55506 correct=unchecked\nflink-details parallelism=2\n';
    expect(parseFlinkOutput(output)).toMatchObject({ readings: 1_000_000, seconds: 18.016, details: { parallelism: '2' } });
  });

  it('fails without a result line, showing what run.sh printed', () => {
    expect(() => parseFlinkOutput('RESULT done=no\n')).toThrow(/no "flink readings=…" line:\nRESULT done=no/);
  });
});

describe('anchorRunDir', () => {
  it("is run.sh's own default folder beside the copy, so that `bash run.sh stop` typed there finds the servers", () => {
    expect(anchorRunDir(path.join('/somewhere', 'anchors', 'flink'))).toBe(path.join('/somewhere', 'anchors', 'flink', 'run'));
  });
});

describe('anchorServers', () => {
  it("reads the broker's PID file and the postmaster's, and names neither when they are gone", () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'anchor-run-'));
    try {
      expect(anchorServers(runDir)).toEqual([]);
      mkdirSync(path.join(runDir, 'kafka'));
      mkdirSync(path.join(runDir, 'pg', 'data'), { recursive: true });
      writeFileSync(path.join(runDir, 'kafka', 'kafka.pid'), '4242\n');
      writeFileSync(path.join(runDir, 'pg', 'data', 'postmaster.pid'), '5151\n/run/pg/data\n1733500000\n25432\n');
      expect(anchorServers(runDir)).toEqual([
        { name: 'flink broker', pid: 4242 },
        { name: 'flink postgres', pid: 5151 },
      ]);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});

describe('portsHeldByOthers', () => {
  it("names an open port whose anchor server is not running: someone else's", () => {
    expect(portsHeldByOthers([25432], [])).toEqual([25432]);
    expect(portsHeldByOthers([29092, 29093, 25432], ['flink broker'])).toEqual([25432]);
  });

  it("accepts ports the anchor's own servers hold, and closed ones", () => {
    expect(portsHeldByOthers([29092, 29093, 25432], ['flink broker', 'flink postgres'])).toEqual([]);
    expect(portsHeldByOthers([], [])).toEqual([]);
  });
});
