import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ReadingVersion } from '@thermostream/avro';
import { lakeFilePath, lakeFolder } from './layout.ts';
import { sqlString } from './sql.ts';

/** One Parquet file of a cut: where it goes under the lake root, its bytes and its row count. */
export interface LakeFile {
  path: string;
  bytes: Buffer;
  rows: number;
}

export interface LakeFileEncoder {
  /** The cut's versions as one zstd Parquet file per folder, rows in the cut's order. */
  encode(cutName: string, versions: readonly ReadingVersion[]): Promise<LakeFile[]>;
  close(): Promise<void>;
}

/**
 * The columns of every lake file, in order: the ReadingVersion record, timestamps as UTC instants.
 * Numbers arrive as JavaScript doubles (exact below 2^53), hence the casts.
 */
const fileColumns = `
  reading_id,
  version::BIGINT AS version,
  region_code,
  epoch_ms(hour::BIGINT)::TIMESTAMPTZ AS hour,
  epoch_ms(event_time::BIGINT)::TIMESTAMPTZ AS event_time,
  temperature,
  lat,
  lon,
  epoch_ms(valid_from::BIGINT)::TIMESTAMPTZ AS valid_from,
  late,
  raw_partition,
  raw_offset::BIGINT AS raw_offset`;

const stagingTable = `CREATE OR REPLACE TEMP TABLE cut (
  seq INTEGER, folder VARCHAR, reading_id VARCHAR, version DOUBLE, region_code VARCHAR, hour DOUBLE, event_time DOUBLE,
  temperature DOUBLE, lat DOUBLE, lon DOUBLE, valid_from DOUBLE, late BOOLEAN, raw_partition INTEGER, raw_offset DOUBLE)`;

/**
 * Writes lake files with an embedded DuckDB: the versions go into a temporary table, and each
 * folder's rows are copied out as Parquet to a scratch directory, then read back as bytes for the
 * storage to make visible. One thread, so the same versions always give the same bytes.
 */
export async function createLakeFileEncoder(): Promise<LakeFileEncoder> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  // ICU's time zone setting exists once the connection has loaded it, not at create.
  await connection.run(`SET TimeZone = 'UTC'`);
  const scratch = await mkdtemp(path.join(tmpdir(), 'thermostream-lake-'));
  return {
    async encode(cutName, versions) {
      const folders = await stage(connection, versions);
      const files: LakeFile[] = [];
      for (const [folder, rows] of folders) {
        const target = path.join(scratch, `${files.length}.parquet`);
        await connection.run(
          `COPY (SELECT ${fileColumns} FROM cut WHERE folder = ${sqlString(folder)} ORDER BY seq) TO ${sqlString(target)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
        );
        files.push({ path: lakeFilePath(folder, cutName), bytes: await readFile(target), rows });
        await rm(target);
      }
      await connection.run('DROP TABLE cut');
      return files;
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Loads the versions into the temporary table; gives each folder's row count, folders in name order. */
async function stage(connection: DuckDBConnection, versions: readonly ReadingVersion[]): Promise<Map<string, number>> {
  await connection.run(stagingTable);
  const appender = await connection.createAppender('cut');
  const folders = new Map<string, number>();
  versions.forEach((version, seq) => {
    const folder = lakeFolder(version);
    folders.set(folder, (folders.get(folder) ?? 0) + 1);
    appender.appendInteger(seq);
    appender.appendVarchar(folder);
    appender.appendVarchar(version.reading_id);
    appender.appendDouble(version.version);
    if (version.region_code === null) appender.appendNull();
    else appender.appendVarchar(version.region_code);
    appender.appendDouble(version.hour);
    appender.appendDouble(version.event_time);
    appender.appendDouble(version.temperature);
    appender.appendDouble(version.lat);
    appender.appendDouble(version.lon);
    appender.appendDouble(version.valid_from);
    appender.appendBoolean(version.late);
    appender.appendInteger(version.raw_partition);
    appender.appendDouble(version.raw_offset);
    appender.endRow();
  });
  appender.closeSync();
  return new Map([...folders].sort(([a], [b]) => a.localeCompare(b)));
}
