import { topics } from '@thermostream/kafka';
import { createRegionAssigner, loadRegions } from '@thermostream/regions';
import { runConsumerService } from '@thermostream/service';
import { partitionerSettings } from './config.ts';
import { createPartitionerHandler } from './handler.ts';

runConsumerService({
  service: 'region-partitioner',
  settings: partitionerSettings,
  input: topics.clean,
  mode: 'transactional',
  setup: async ({ config, metrics, logger }) => {
    const regions = config.regionsGeojson === 'bundled' ? loadRegions() : loadRegions(config.regionsGeojson);
    logger.info({ mode: config.regionMode, regions: regions.length }, 'region boundaries loaded');
    const assign = createRegionAssigner({ mode: config.regionMode, regions });
    return createPartitionerHandler({ assign, maxReadingsPerRecord: config.maxReadingsPerRecord, metrics });
  },
});
