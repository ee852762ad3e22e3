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
    description: 'Avro block compression: deflate (readable by every Avro tool) or null.',
    defaultValue: 'deflate',
    values: ['deflate', 'null'] as const,
  }),
};

export const settings = { ...consumerServiceSettings('raw-archiver'), ...archiverSettings };
