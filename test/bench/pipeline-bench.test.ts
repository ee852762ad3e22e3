import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@thermostream/cli';
import { createDatabase } from '@thermostream/postgres';
import { testStackEndpoints } from '../support/stack.ts';

const run = promisify(execFile);

/** Checks that the benchmark works as an operator runs it, not how fast: the figures only have to exist. */
describe('thermo bench pipeline', () => {
  it('drains a backlog into a fresh namespace until the table holds every expected point, verify passes, and it leaves a chart and no namespace behind', async () => {
    const chart = path.join(mkdtempSync(path.join(tmpdir(), 'thermostream-bench-')), 'pipeline.svg');
    const { stdout } = await run(process.execPath, ['packages/cli/src/main.ts', 'bench', 'pipeline', '--readings', '20000', '--json', '--chart', chart], {
      cwd: repositoryRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout);

    expect(report.readings).toBe(20_000);
    // 90 % of the readings are in France, a few of them at sea or just over a border.
    expect(report.expectedPoints).toBeGreaterThan(15_000);
    expect(report.expectedPoints).toBeLessThan(18_000);
    expect(report.product.verify).toEqual(expect.objectContaining({ passed: true, differences: 0, imbalances: 0, currentReadings: report.expectedPoints }));
    expect(report.product.readingsPerSecond).toBeGreaterThan(0);
    // 20,000 readings may reach the table in one step, leaving no 20 %→90 % slope to measure: null then.
    if (report.product.steadyReadingsPerSecond !== null) expect(report.product.steadyReadingsPerSecond).toBeGreaterThan(0);
    expect(report.product.secondsToFirstRow).toBeGreaterThan(0);
    expect(report.product.secondsToReady).toBeGreaterThan(0);
    expect(report.product.secondsToReady).toBeLessThan(report.product.seconds);
    expect(report.product.peakRssMegabytes).toBeGreaterThan(0);
    expect(report.product.services.map((usage: { service: string }) => usage.service).sort()).toEqual(['aggregator', 'filter', 'region-partitioner', 'scd-writer']);
    for (const usage of report.product.services) expect(usage.cpuSeconds).toBeGreaterThan(0);
    expect(report.anchor).toBeUndefined();

    expect(report.chart).toBe(chart);
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<polyline');

    const database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
    try {
      const { rows } = await database.query<{ count: string }>('SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1', [report.namespace]);
      expect(Number(rows[0]!.count)).toBe(0);
    } finally {
      await database.close();
    }
  }, 300_000);
});
