import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anchorRunDir, runFlinkAnchor, stopAnchorServers } from './flink-anchor.ts';

/**
 * A stand-in for the anchor's run.sh that keeps its contract with the benchmark — the environment
 * it reads, the run folder's PID files and progress, the two result lines — and records each call,
 * so the adapter can be checked without Maven, Flink or the anchor's ports.
 */
const standIn = `#!/usr/bin/env bash
set -euo pipefail
HERE=$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)
RUN=\${ANCHOR_RUN_DIR:-$HERE/run}
mkdir -p "$RUN/kafka"
echo "$1 run=$RUN versions=\${VERSIONS:-} expected_versions=\${EXPECTED_VERSIONS:-} history=\${HISTORY:-} points=\${EXPECTED_POINTS:-} input=\${INPUT_JSONL:-}" >> "$HERE/calls.txt"
if [[ $1 == stop ]]; then kill "$(cat "$RUN/kafka/kafka.pid")"; rm "$RUN/kafka/kafka.pid"; exit 0; fi
if [[ ! -f $RUN/kafka/kafka.pid ]]; then nohup sleep 60 >/dev/null 2>&1 & echo $! > "$RUN/kafka/kafka.pid"; fi
echo "[run.sh] running the Flink job (parallelism 2)" >&2
printf '# seconds points\\n0.5 40\\n1.0 80\\n' > "$RUN/progress.txt"
echo "flink readings=$1 seconds=1.0 readings_per_s=$1 correct=unchecked"
echo "flink-details flink_cpu_s=2.5 pg_cpu_s=0.5 steady_readings_per_s=90"
`;

/** Whether the process is gone or a zombie (killed, its parent not yet waiting) before the deadline. */
async function endedWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    let state: string | undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {
      return true;
    }
    if (state === 'Z') return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('runFlinkAnchor and stopAnchorServers', () => {
  let anchorCopy: string;
  beforeEach(() => {
    anchorCopy = mkdtempSync(path.join(tmpdir(), 'anchor-copy-'));
    writeFileSync(path.join(anchorCopy, 'run.sh'), standIn);
    chmodSync(path.join(anchorCopy, 'run.sh'), 0o755);
  });
  afterEach(() => rmSync(anchorCopy, { recursive: true, force: true }));

  const run = (mode: Parameters<typeof runFlinkAnchor>[0]['mode']) =>
    runFlinkAnchor({ anchorCopy, jsonLines: '/data/readings.jsonl', readings: 100, mode, expectedPoints: 80, expectedVersions: 95, geojson: 'regions.geojson', timeoutSeconds: 60, progress: () => {} }).done;
  const calls = () => readFileSync(path.join(anchorCopy, 'calls.txt'), 'utf8').trim().split('\n');

  it("runs the versions mode with its expectations, and the broker's CPU counts from the job's submission", async () => {
    const flink = await run({ versions: true, history: 'parquet' });
    expect(flink.result).toMatchObject({ readings: 100, seconds: 1, details: { flink_cpu_s: '2.5', pg_cpu_s: '0.5' } });
    expect(flink.progress).toEqual([
      { seconds: 0.5, points: 40 },
      { seconds: 1, points: 80 },
    ]);
    expect(flink.brokerCpuSeconds).toBe(0);
    expect(calls()).toEqual([`100 run=${anchorRunDir(anchorCopy)} versions=1 expected_versions=95 history=parquet points=80 input=/data/readings.jsonl`]);
    await stopAnchorServers(anchorCopy, () => {});
  });

  it('runs the plain mode without versions, and stops the servers it started from the run folder run.sh uses by default', async () => {
    await run({ versions: false });
    const brokerPid = Number(readFileSync(path.join(anchorRunDir(anchorCopy), 'kafka', 'kafka.pid'), 'utf8'));
    await stopAnchorServers(anchorCopy, () => {});
    expect(calls()).toEqual([`100 run=${anchorRunDir(anchorCopy)} versions= expected_versions= history= points=80 input=/data/readings.jsonl`, `stop run=${anchorRunDir(anchorCopy)} versions= expected_versions= history= points= input=`]);
    expect(await endedWithin(brokerPid, 5000)).toBe(true);
  });
});
