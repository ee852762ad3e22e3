import { postgresSettings } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const aggregatorSettings = { ...postgresSettings };

export const settings = { ...consumerServiceSettings('aggregator'), ...aggregatorSettings };
