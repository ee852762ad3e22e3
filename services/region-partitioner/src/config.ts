import { enumSetting, stringSetting } from '@thermostream/config';
import { consumerServiceSettings } from '@thermostream/service';

export const partitionerSettings = {
  regionMode: enumSetting({
    env: 'REGION_MODE',
    description: 'polygon: the real region boundaries; bbox: each region its bounding rectangle, first match in a fixed order.',
    defaultValue: 'polygon',
    values: ['polygon', 'bbox'] as const,
  }),
  regionsGeojson: stringSetting({
    env: 'REGIONS_GEOJSON',
    description: 'GeoJSON file of region boundaries (INSEE `code`, `nom`); "bundled" uses the copy shipped in packages/regions.',
    defaultValue: 'bundled',
  }),
};

export const settings = { ...consumerServiceSettings('region-partitioner'), ...partitionerSettings };
