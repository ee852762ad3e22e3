import { postgresSettings, consumerServiceSettings } from '@thermostream/service';

export const aggregatorSettings = { ...postgresSettings };

export const settings = { ...consumerServiceSettings('aggregator'), ...aggregatorSettings };
