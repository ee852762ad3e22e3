import { RegistryUnavailableError } from '@thermostream/avro';
import { openCommittedReader, topics, type KafkaContext } from '@thermostream/kafka';
import { createDatabase, schemaOfNamespace, type Queryable } from '@thermostream/postgres';
import { ExactDecimalSum } from '@thermostream/readings';
import type { StackEndpoints } from '@thermostream/stack';
import { operatorKafkaContext } from './operator-kafka.ts';

/** What a current version contributes to the aggregates. */
export interface CurrentContribution {
  /** Null abroad or at sea: it contributes nothing. */
  regionCode: string | null;
  hour: number;
  temperature: number;
}

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

/** Count and exact sum per region and hour of the current versions in a region. */
function expectedAggregates(current: Iterable<CurrentContribution>) {
  const byRegionHour = new Map<string, { region_code: string; hour: number; number_of_points: number; sum: ExactDecimalSum }>();
  for (const version of current) {
    if (version.regionCode === null) continue;
    const key = `${version.regionCode}|${version.hour}`;
    let group = byRegionHour.get(key);
    if (!group) byRegionHour.set(key, (group = { region_code: version.regionCode, hour: version.hour, number_of_points: 0, sum: new ExactDecimalSum() }));
    group.number_of_points += 1;
    group.sum.add(version.temperature);
  }
  return [...byRegionHour.values()].map(({ sum, ...group }) => ({ ...group, temperature_sum: sum.toString() }));
}

/** A region-hour whose stored aggregate differs from the one recomputed from the history. */
export interface AggregateDifference {
  regionCode: string;
  hour: string;
  expectedPoints: number | null;
  actualPoints: number | null;
  expectedSum: string | null;
  actualSum: string | null;
}

export interface VerifyReport {
  /** Region-hours present in the history's current versions or in the table. */
  regionHoursCompared: number;
  currentReadings: number;
  differences: AggregateDifference[];
  /**
   * Region-hours in aggregate_imbalances: retractions still waiting for their additions. Normal while
   * deltas are in flight; at rest there are none, and any left is reported as a difference too.
   */
  imbalances: number;
}

/**
 * Recomputes every region-hour from the current versions and compares count and exact sum with
 * region_hourly_temperature (numeric equality: 20.50 equals 20.5).
 */
export async function verifyAggregates(database: Queryable, current: Iterable<CurrentContribution>): Promise<VerifyReport> {
  const { rows } = await database.query<{
    region_code: string;
    hour: Date;
    expected_points: number | null;
    actual_points: number | null;
    expected_sum: string | null;
    actual_sum: string | null;
    agrees: boolean;
    current_readings: string;
  }>(
    `WITH expected AS (
       SELECT region_code, timestamptz 'epoch' + hour * interval '1 millisecond' AS hour, number_of_points, temperature_sum
       FROM json_to_recordset($1::json) AS expected(region_code text, hour bigint, number_of_points integer, temperature_sum numeric)
     )
     SELECT region_code, hour,
            expected.number_of_points AS expected_points, actual.number_of_points AS actual_points,
            expected.temperature_sum::text AS expected_sum, actual.temperature_sum::text AS actual_sum,
            expected.number_of_points IS NOT DISTINCT FROM actual.number_of_points
              AND expected.temperature_sum IS NOT DISTINCT FROM actual.temperature_sum AS agrees,
            sum(coalesce(expected.number_of_points, 0)) OVER () AS current_readings
     FROM expected FULL JOIN region_hourly_temperature AS actual USING (region_code, hour)
     ORDER BY region_code, hour`,
    [JSON.stringify(expectedAggregates(current))],
  );
  const { rows: imbalances } = await database.query<{ count: string }>('SELECT count(*) FROM aggregate_imbalances');
  return {
    imbalances: Number(imbalances[0]!.count),
    regionHoursCompared: rows.length,
    currentReadings: Number(rows[0]?.current_readings ?? 0),
    differences: rows
      .filter((row) => !row.agrees)
      .map((row) => ({
        regionCode: row.region_code,
        hour: row.hour.toISOString(),
        expectedPoints: row.expected_points,
        actualPoints: row.actual_points,
        expectedSum: row.expected_sum,
        actualSum: row.actual_sum,
      })),
  };
}

/**
 * `thermo verify` on a pipeline of a stack: the current versions from its changelog against its table,
 * the database URL overridable (a database elsewhere than the stack's).
 */
export async function verifyPipeline(options: { endpoints: StackEndpoints; namespace: string }): Promise<VerifyReport> {
  const { endpoints, namespace } = options;
  const context = operatorKafkaContext(endpoints, 'verify', namespace);
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: schemaOfNamespace(namespace), applicationName: 'thermo-verify' });
  try {
    return await verifyAggregates(database, await currentVersionsFromChangelog(context));
  } finally {
    await database.close();
  }
}
