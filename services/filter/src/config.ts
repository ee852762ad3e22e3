import { consumerServiceSettings } from '@thermostream/service';

/** filter reads only the settings every service shares. */
export const filterSettings = {};

export const settings = { ...consumerServiceSettings('filter'), ...filterSettings };
