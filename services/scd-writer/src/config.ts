import { postgresSettings, serviceSettings } from '@thermostream/service';

export const scdWriterSettings = { ...postgresSettings };

export const settings = { ...serviceSettings('scd-writer'), ...scdWriterSettings };
