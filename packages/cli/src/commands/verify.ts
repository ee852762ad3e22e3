import { pipelineScope, verifyPassed, verifyPipeline, type AggregateDifference, type VerifyReport } from '@thermostream/pipeline';
import { stackEndpoints } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo verify',
  summary: `Recounts every region-hour twice, independently, and compares each recount row by row with
region_hourly_temperature (points and exact sum):
  changelog  the current version of every reading on the scd-writer's changelog,
             readings.current-versions, read to its end;
  lake       the current versions in the lake (the readings_current view over its complete
             Parquet files), once the lake-writer has committed every version of
             readings.versions: verify waits for it up to --lake-wait seconds (it writes a
             quiet partition's open files after LAKE_IDLE_FLUSH_MS, 30 s by default).
Prints the differences and exits 1 if there is any, if the lake is still behind after the wait
(not compared), or if retractions still wait for their additions in aggregate_imbalances: run it
once the pipeline is idle. A namespace with no lake folder whose lake-writer never committed
anything is skipped, with the reason.`,
  options: {
    namespace: { type: 'string', placeholder: 'NS', description: 'the second model whose tables to check (default: the product\'s own)', default: '' },
    'database-url': { type: 'string', placeholder: 'URL', description: "PostgreSQL to check (default: the stack's)" },
    'no-lake': { type: 'boolean', description: 'skip the lake recount (the changelog recount only)' },
    'lake-dir': { type: 'string', placeholder: 'DIR', description: "another lake folder than the namespace's (stack status --json: lakePath)" },
    'lake-wait': { type: 'string', placeholder: 'S', description: 'seconds to wait for the lake-writer to catch up; 0 looks once', default: '60' },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function verifyCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const lakeWait = Number(values['lake-wait']);
  if (!Number.isInteger(lakeWait) || lakeWait < 0) throw command.usageError('--lake-wait must be a whole number of seconds, 0 or more');
  if (values['no-lake'] && values['lake-dir'] !== undefined) throw command.usageError('--no-lake and --lake-dir contradict each other');
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const report = await verifyPipeline({
    endpoints: { ...endpoints, postgresUrl: values['database-url'] ?? endpoints.postgresUrl },
    namespace: values.namespace,
    lake: values['no-lake']
      ? { skip: '--no-lake' }
      : { dir: values['lake-dir'] ?? pipelineScope(config, values.namespace).lakeDir, waitMs: lakeWait * 1000, progress: (line) => console.error(line) },
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderVerifyReport(report).join('\n'));
  if (!verifyPassed(report)) process.exitCode = 1;
}

const differenceLine = (difference: AggregateDifference, recount: string) =>
  `${difference.regionCode} ${difference.hour}: ${recount} ${difference.expectedPoints ?? 0} points, sum ${difference.expectedSum ?? 0}; ` +
  `table has ${difference.actualPoints ?? 0} points, sum ${difference.actualSum ?? 0}`;

/** The report as `thermo verify` prints it: each difference, then one line per recount. */
export function renderVerifyReport(report: VerifyReport): string[] {
  const { lake } = report;
  const lines = report.differences.map((difference) => `changelog: ${differenceLine(difference, 'changelog has')}`);
  if (lake.status === 'compared') lines.push(...lake.differences.map((difference) => `lake: ${differenceLine(difference, 'lake has')}`));
  lines.push(
    `changelog: ${report.regionHoursCompared} region-hours compared (${report.currentReadings} current readings): ${report.differences.length} difference(s)` +
      (report.imbalances > 0 ? `; ${report.imbalances} region-hour(s) with retractions still waiting for their additions (deltas in flight?)` : ''),
  );
  switch (lake.status) {
    case 'compared':
      lines.push(
        `lake: ${lake.regionHoursCompared} region-hours compared (${lake.currentReadings} current readings in ${lake.files} file(s) under ${lake.lakeDir}): ${lake.differences.length} difference(s)`,
      );
      break;
    case 'behind':
      lines.push(
        `lake: not compared: ${lake.behindVersions} version(s) of readings.versions not yet in complete lake files after waiting ${lake.waitedSeconds} s ` +
          '(is the lake-writer running? thermo lag; --lake-wait to wait longer, --no-lake to skip)',
      );
      break;
    case 'skipped':
      lines.push(`lake: skipped (${lake.reason})`);
      break;
  }
  return lines;
}
