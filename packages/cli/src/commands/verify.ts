import { verifyPipeline } from '@thermostream/pipeline';
import { stackEndpoints } from '@thermostream/stack';
import { loadCliConfig, stackOptionsOf } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo verify',
  summary: `Recomputes every region-hour from the current version of every reading (the scd-writer's changelog,
readings.current-versions, read to its end), compares them with region_hourly_temperature, prints
the differences and exits 1 if there is any (or if retractions still wait for their additions in
aggregate_imbalances: run it once the pipeline is idle).`,
  options: {
    namespace: { type: 'string', placeholder: 'NS', description: 'the second model whose tables to check (default: the product\'s own)', default: '' },
    'database-url': { type: 'string', placeholder: 'URL', description: "PostgreSQL to check (default: the stack's)" },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function verifyCommand(args: string[]): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const endpoints = stackEndpoints(stackOptionsOf(loadCliConfig()));
  const report = await verifyPipeline({ endpoints: { ...endpoints, postgresUrl: values['database-url'] ?? endpoints.postgresUrl }, namespace: values.namespace });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const difference of report.differences) {
      console.log(
        `${difference.regionCode} ${difference.hour}: expected ${difference.expectedPoints ?? 0} points, sum ${difference.expectedSum ?? 0}; ` +
          `table has ${difference.actualPoints ?? 0} points, sum ${difference.actualSum ?? 0}`,
      );
    }
    console.log(
      `${report.regionHoursCompared} region-hours compared (${report.currentReadings} current readings): ${report.differences.length} difference(s)` +
        (report.imbalances > 0 ? `; ${report.imbalances} region-hour(s) with retractions still waiting for their additions (deltas in flight?)` : ''),
    );
  }
  if (report.differences.length > 0 || report.imbalances > 0) process.exitCode = 1;
}
