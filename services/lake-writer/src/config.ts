import { integerSetting, stringSetting } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const lakeWriterSettings = {
  lakeDir: stringSetting({ env: 'LAKE_DIR', description: 'Root directory of the lake: Parquet files of every reading version, by date and region.', defaultValue: '.thermostream/lake' }),
  maxVersionsPerCut: integerSetting({
    env: 'LAKE_MAX_VERSIONS_PER_CUT',
    description:
      'Most versions a partition gathers before they are written, as one Parquet file per date and region among them: larger makes fewer, larger files, and holds that many versions per partition in memory, packed (about 107 bytes each).',
    defaultValue: '200000',
    min: 1,
  }),
  maxCutAgeMs: integerSetting({
    env: 'LAKE_MAX_CUT_AGE_MS',
    description: 'A partition’s files are cut before the first record stamped (Kafka timestamp) this long after the first one they hold.',
    defaultValue: '600000',
    min: 1000,
  }),
  idleFlushMs: integerSetting({
    env: 'LAKE_IDLE_FLUSH_MS',
    description: 'A partition that received nothing for this long has the versions it holds written and committed.',
    defaultValue: '30000',
    min: 100,
  }),
};

export const settings = { ...consumerServiceSettings('lake-writer'), ...lakeWriterSettings };
