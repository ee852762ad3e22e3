import { stringSetting } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const scdWriterSettings = {
  stateDir: stringSetting({
    env: 'SCD_STATE_DIR',
    description:
      'Directory of the local store of current versions (LMDB), one per namespace beneath it. A cache of the readings.current-versions changelog: deleted, it is rebuilt from it.',
    defaultValue: '.thermostream/scd-state',
  }),
};

export const settings = { ...consumerServiceSettings('scd-writer'), ...scdWriterSettings };
