import { integerSetting, postgresSettings } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const scdWriterSettings = {
  ...postgresSettings,
  outboxSweepMs: integerSetting({
    env: 'OUTBOX_SWEEP_MS',
    description: 'How often the scd-writer deletes the outbox rows it relayed, and relays rows left behind (older than twice this) by a failed send, a crashed or a rebalanced instance.',
    defaultValue: '1000',
    min: 50,
  }),
  outboxRowsPerSend: integerSetting({
    env: 'OUTBOX_ROWS_PER_SEND',
    description: 'Most outbox rows (readings.changes records) a sweep relays in one acknowledged send.',
    defaultValue: '500',
    min: 1,
  }),
};

export const settings = { ...consumerServiceSettings('scd-writer'), ...scdWriterSettings };
