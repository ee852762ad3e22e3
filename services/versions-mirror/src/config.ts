import { postgresSettings } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

/** The mirror reads only the settings every database service shares. */
export const mirrorSettings = { ...postgresSettings };

export const settings = { ...consumerServiceSettings('versions-mirror'), ...mirrorSettings };
