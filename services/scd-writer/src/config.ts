import { integerSetting, stringSetting } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const scdWriterSettings = {
  stateDir: stringSetting({
    env: 'SCD_STATE_DIR',
    description:
      'Directory of the local store of current versions (LMDB), one per namespace beneath it. A cache of the readings.current-versions changelog: deleted, it is rebuilt from it.',
    defaultValue: '.thermostream/scd-state',
  }),
  storeFlushVersions: integerSetting({
    env: 'SCD_STORE_FLUSH_VERSIONS',
    description:
      'Current versions, already committed to the changelog, held in memory before they are written to the local store in one transaction, off the batch path: larger transactions copy far fewer LMDB pages per version. After a crash they are read again from the changelog. 0 writes each batch before the next.',
    defaultValue: '200000',
    min: 0,
    max: 10000000,
  }),
  storeFlushIntervalMs: integerSetting({
    env: 'SCD_STORE_FLUSH_INTERVAL_MS',
    description: 'The longest a held version waits before it is written to the local store: bounds what a restart reads again from the changelog when the stream is slow.',
    defaultValue: '5000',
    min: 100,
    max: 600000,
  }),
};

export const settings = { ...consumerServiceSettings('scd-writer'), ...scdWriterSettings };
