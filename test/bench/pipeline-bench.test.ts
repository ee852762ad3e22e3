import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@thermostream/pipeline';
import { createDatabase } from '@thermostream/postgres';
import { testStackEndpoints } from '../support/stack.ts';

const run = promisify(execFile);

/** Checks that the benchmark works as an operator runs it, not how fast: the figures only have to exist. */
describe('thermo bench pipeline', () => {
  it('drains a backlog into a fresh namespace once the stack settled, until the table holds every expected point; verify passes, the CPU of every process counts, and it leaves a chart and no namespace behind', async () => {
    const chart = path.join(mkdtempSync(path.join(tmpdir(), 'thermostream-bench-')), 'pipeline.svg');
    const { stdout } = await run(process.execPath, ['packages/cli/src/main.ts', 'bench', 'pipeline', '--readings', '20000', '--json', '--chart', chart], {
      cwd: repositoryRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout);

    expect(report.readings).toBe(20_000);
    expect(report.ids).toBe('uuid');
    expect(report.eventHours).toBe(24);
    // 90 % of the readings are in France, a few of them at sea or just over a border.
    expect(report.expectedPoints).toBeGreaterThan(15_000);
    expect(report.expectedPoints).toBeLessThan(18_000);
    expect(report.runs).toHaveLength(1);
    const [{ product, anchors }] = report.runs;
    expect(product.verify).toEqual(expect.objectContaining({ passed: true, differences: 0, imbalances: 0, currentReadings: report.expectedPoints }));
    expect(product.readingsPerSecond).toBeGreaterThan(0);
    // 20,000 readings may reach the table in one step, leaving no 20 %→90 % slope to measure: null then.
    if (product.steadyReadingsPerSecond !== null) expect(product.steadyReadingsPerSecond).toBeGreaterThan(0);
    expect(product.secondsToFirstRow).toBeGreaterThan(0);
    expect(product.secondsToReady).toBeGreaterThan(0);
    expect(product.secondsToReady).toBeLessThan(product.seconds);
    expect(product.peakRssMegabytes).toBeGreaterThan(0);
    expect(product.quietWait.servers).toEqual(expect.arrayContaining(['kafka', 'postgres']));
    expect(product.services.map((usage: { service: string }) => usage.service).sort()).toEqual(['aggregator', 'filter', 'lake-writer', 'region-partitioner', 'scd-writer']);
    for (const usage of product.services) expect(usage.cpuSeconds).toBeGreaterThan(0);
    // Every process counted: the processing chain's services and the stack's servers.
    expect(product.cpu.parts.map((part: { name: string }) => part.name)).toEqual(expect.arrayContaining(['filter', 'scd-writer', 'kafka', 'postgres']));
    expect(product.cpu.microsPerReading).toBeCloseTo((product.cpu.totalSeconds / 20_000) * 1e6, 6);
    expect(report.summary.product.seconds).toEqual({ median: product.seconds, min: product.seconds, max: product.seconds });
    expect(anchors).toEqual([]);
    expect(report.summary.anchors).toEqual([]);

    expect(report.chart).toBe(chart);
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<polyline');

    const database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
    try {
      const { rows } = await database.query<{ count: string }>('SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1', [product.namespace]);
      expect(Number(rows[0]!.count)).toBe(0);
    } finally {
      await database.close();
    }
  }, 300_000);
});
