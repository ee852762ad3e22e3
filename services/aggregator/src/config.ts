import { postgresSettings, serviceSettings } from '@thermostream/service';

export const aggregatorSettings = { ...postgresSettings };

export const settings = { ...serviceSettings('aggregator'), ...aggregatorSettings };
