import { defaultDeflateLevel } from '@thermostream/archive';
import { enumSetting, integerSetting, stringSetting } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const archiverSettings = {
  archiveDir: stringSetting({ env: 'ARCHIVE_DIR', description: 'Root directory of the Avro archive (the staging area).', defaultValue: '.thermostream/archive' }),
  maxRecordsPerFile: integerSetting({
    env: 'ARCHIVE_MAX_RECORDS_PER_FILE',
    description: 'Most records in one archive file.',
    defaultValue: '50000',
    min: 1,
  }),
  maxBytesPerFile: integerSetting({
    env: 'ARCHIVE_MAX_FILE_BYTES',
    description: 'Most uncompressed Avro bytes of records in one archive file (the file on disk is smaller once compressed).',
    defaultValue: String(64 * 1024 * 1024),
    min: 1024,
  }),
  idleFlushMs: integerSetting({
    env: 'ARCHIVE_IDLE_FLUSH_MS',
    description: 'A partition that received nothing for this long has its open file written and committed.',
    defaultValue: '10000',
    min: 100,
  }),
  archiveCodec: enumSetting({
    env: 'ARCHIVE_CODEC',
    description:
      'Avro block compression: zstandard (level 1; 1.6 µs of CPU per reading where deflate at level 1 took 4.0, files 5 % smaller), deflate (for a reader without zstandard: Avro for Java reads it since 1.9, fastavro with its zstandard extra) or null.',
    defaultValue: 'zstandard',
    values: ['zstandard', 'deflate', 'null'] as const,
  }),
  archiveDeflateLevel: integerSetting({
    env: 'ARCHIVE_DEFLATE_LEVEL',
    description: 'zlib level of the deflate codec, 1 (fastest) to 9 (smallest). Level 1 took 0.8 µs of CPU per reading where 6 took 2.8, for files about 17 % larger.',
    defaultValue: String(defaultDeflateLevel),
    min: 1,
    max: 9,
  }),
};

export const settings = { ...consumerServiceSettings('raw-archiver'), ...archiverSettings };
