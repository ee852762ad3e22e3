export { fromRepositoryRoot, repositoryRoot } from './repository.js';
export { launchOf, pipelineLaunches, type PipelineOptions } from './pipeline.js';
export { startService, startServices, waitUntilReady, type RunningService, type ServiceGroup, type ServiceLaunch } from './supervisor.js';
export { createReadingGenerator, seededRandom, type GeneratorShares, type PartnerReading } from './reading-generator.js';
export { verifyAggregates, type AggregateDifference, type VerifyReport } from './verify-aggregates.js';
export { freePort } from './free-port.js';
