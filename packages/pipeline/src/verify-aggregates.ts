import { RegistryUnavailableError } from '@thermostream/avro';
import { openCommittedReader, topics, type KafkaContext } from '@thermostream/kafka';
import { createDatabase, schemaOfNamespace, type Queryable } from '@thermostream/postgres';
import type { StackEndpoints } from '@thermostream/stack';
import { compareAggregates, recountAggregates, type CurrentContribution, type RecountComparison, type RegionHourAggregate } from './aggregate-comparison.ts';
import { operatorKafkaContext } from './operator-kafka.ts';
import { recountLake, waitForLakeWriter, type LakeRecount, type LakeVerifyOptions } from './verify-lake.ts';

/**
 * The current version of every reading, read from the scd-writer's changelog (readings.current-versions,
 * read_committed, every partition to its end): the last record of each id is its current version.
 */
export async function currentVersionsFromChangelog(context: KafkaContext, options: { registryPatienceMs?: number } = {}): Promise<CurrentContribution[]> {
  // A registry that has just seen its own database restart answers 500 for a while (its pooled
  // connections are broken); the services wait it out batch after batch, and so does the recount.
  const deadline = Date.now() + (options.registryPatienceMs ?? 120_000);
  for (;;) {
    try {
      return await readCurrentVersions(context);
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError) || Date.now() > deadline) throw error;
      context.logger.warn({ err: error }, 'the schema registry is unavailable; reading the changelog again in 2 s');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

async function readCurrentVersions(context: KafkaContext): Promise<CurrentContribution[]> {
  const current = new Map<string, CurrentContribution>();
  const reader = openCommittedReader(context, topics.currentVersions);
  try {
    for (let partition = 0; partition < topics.currentVersions.partitions; partition++) {
      await reader.readToEnd(partition, undefined, async (records) => {
        for (const record of records) {
          if (record.value === null) current.delete(record.key);
          else current.set(record.key, { regionCode: record.value.region_code, hour: record.value.hour, temperature: record.value.temperature });
        }
      });
    }
  } finally {
    await reader.close();
  }
  return [...current.values()];
}

/** Every row of region_hourly_temperature, its sum as PostgreSQL prints the numeric. */
export async function tableAggregates(database: Queryable): Promise<RegionHourAggregate[]> {
  const { rows } = await database.query<{ region_code: string; hour: Date; number_of_points: number; temperature_sum: string }>(
    'SELECT region_code, hour, number_of_points, temperature_sum::text AS temperature_sum FROM region_hourly_temperature',
  );
  return rows.map((row) => ({ regionCode: row.region_code, hour: row.hour.getTime(), points: row.number_of_points, sum: row.temperature_sum }));
}

/** Region-hours in aggregate_imbalances: retractions still waiting for their additions. */
async function countImbalances(database: Queryable): Promise<number> {
  const { rows } = await database.query<{ count: string }>('SELECT count(*) FROM aggregate_imbalances');
  return Number(rows[0]!.count);
}

/** The changelog's recount against the table (the top-level figures), the imbalances, and the lake's recount against the same table. */
export interface VerifyReport extends RecountComparison {
  /**
   * Region-hours in aggregate_imbalances: retractions still waiting for their additions. Normal while
   * deltas are in flight; at rest there are none, and any left is reported as a difference too.
   */
  imbalances: number;
  lake: LakeRecount;
}

/** Whether a report shows the table right: no difference from either recount, no imbalance, and a lake compared or skipped (never one left behind). */
export function verifyPassed(report: VerifyReport): boolean {
  const lakeAgrees = report.lake.status === 'skipped' || (report.lake.status === 'compared' && report.lake.differences.length === 0);
  return report.differences.length === 0 && report.imbalances === 0 && lakeAgrees;
}

/**
 * `thermo verify` on a pipeline of a stack: the current versions from its changelog against its table,
 * then (unless skipped) the current versions in its lake against the same rows of the table, the
 * database URL overridable (a database elsewhere than the stack's). The lake is waited for first,
 * boundedly, until the lake-writer has committed every record of readings.versions, so that every
 * version is in a complete file when it is recounted.
 */
export async function verifyPipeline(options: { endpoints: StackEndpoints; namespace: string; lake: LakeVerifyOptions }): Promise<VerifyReport> {
  const { endpoints, namespace } = options;
  const context = operatorKafkaContext(endpoints, 'verify', namespace);
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: schemaOfNamespace(namespace), applicationName: 'thermo-verify' });
  try {
    const lakeReady = await waitForLakeWriter(context, options.lake);
    const current = await currentVersionsFromChangelog(context);
    const table = await tableAggregates(database);
    const fromChangelog = compareAggregates(recountAggregates(current), table);
    const imbalances = await countImbalances(database);
    return { ...fromChangelog, imbalances, lake: await recountLake(lakeReady, table) };
  } finally {
    await database.close();
  }
}
