export { fromRepositoryRoot, repositoryRoot } from './repository.ts';
export { launchOf, pipelineLaunches, type PipelineOptions } from './pipeline.ts';
export { startService, startServices, waitUntilReady, type RunningService, type ServiceGroup, type ServiceLaunch } from './supervisor.ts';
export { currentVersionsFromChangelog, verifyAggregates, verifyPipeline, type AggregateDifference, type CurrentContribution, type VerifyReport } from './verify-aggregates.ts';
export { consumerHealth, probeService, serviceWorks, type ConsumerHealth, type ServiceProbe } from './service-health.ts';
export { loadCliConfig, stackOptionsOf, type CliConfig } from './cli-config.ts';
