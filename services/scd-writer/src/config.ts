import { postgresSettings } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const scdWriterSettings = { ...postgresSettings };

export const settings = { ...consumerServiceSettings('scd-writer'), ...scdWriterSettings };
