export { fromRepositoryRoot, repositoryRoot } from './repository.js';
export { pipelineLaunches, type PipelineOptions } from './pipeline.js';
export { startServices, waitUntilReady, type RunningService, type ServiceGroup, type ServiceLaunch } from './supervisor.js';
export { createReadingGenerator, type GeneratorShares, type PartnerReading } from './reading-generator.js';
