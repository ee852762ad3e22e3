import { postgresSettings, consumerServiceSettings } from '@thermostream/service';

export const scdWriterSettings = { ...postgresSettings };

export const settings = { ...consumerServiceSettings('scd-writer'), ...scdWriterSettings };
