/** One row of a region_hourly_temperature table, whoever wrote it. */
export interface RegionHourRow {
  regionCode: string;
  /** ISO-8601 UTC. */
  hour: string;
  temperature: number;
  numberOfPoints: number;
}

export interface TableDisagreement {
  regionCode: string;
  hour: string;
  product?: { temperature: number; numberOfPoints: number };
  anchor?: { temperature: number; numberOfPoints: number };
}

export interface TableComparison {
  rows: number;
  agreeing: number;
  disagreements: TableDisagreement[];
}

/** The means are computed differently (exact decimals against doubles): this close is the same mean. */
export const meanTolerance = 1e-6;

/** Row by row, by region and hour: the count must be equal and the mean within the tolerance; a row on one side only disagrees. */
export function compareTables(product: readonly RegionHourRow[], anchor: readonly RegionHourRow[]): TableComparison {
  const key = (row: RegionHourRow) => `${row.regionCode}|${row.hour}`;
  const anchorRows = new Map(anchor.map((row) => [key(row), row]));
  const disagreements: TableDisagreement[] = [];
  let agreeing = 0;
  const values = (row: RegionHourRow) => ({ temperature: row.temperature, numberOfPoints: row.numberOfPoints });
  for (const row of product) {
    const other = anchorRows.get(key(row));
    anchorRows.delete(key(row));
    if (other !== undefined && other.numberOfPoints === row.numberOfPoints && Math.abs(other.temperature - row.temperature) <= meanTolerance) agreeing += 1;
    else disagreements.push({ regionCode: row.regionCode, hour: row.hour, product: values(row), ...(other ? { anchor: values(other) } : {}) });
  }
  for (const other of anchorRows.values()) disagreements.push({ regionCode: other.regionCode, hour: other.hour, anchor: values(other) });
  return { rows: agreeing + disagreements.length, agreeing, disagreements };
}
