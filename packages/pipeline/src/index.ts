export { fromRepositoryRoot, repositoryRoot } from './repository.ts';
export { describeEndpoints, launchOf, pipelineLaunches, type PipelineOptions } from './service-launches.ts';
export { pipelineScope, processingChain, type PipelineDirs, type PipelineScope } from './pipeline-scope.ts';
export {
  createSupervisor,
  startService,
  startServices,
  waitUntilReady,
  type RunningService,
  type ServiceGroup,
  type ServiceLaunch,
  type SupervisedInstance,
  type Supervisor,
  type SupervisorOptions,
} from './supervisor.ts';
export { defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts';
export { readSupervisorState, writeSupervisorState, type SupervisorState } from './supervisor-state.ts';
export { consumerHealth, probeService, serviceWorks, type ConsumerHealth, type ServiceProbe } from './service-health.ts';
export { currentVersionsFromChangelog, verifyAggregates, verifyPipeline, type AggregateDifference, type CurrentContribution, type VerifyReport } from './verify-aggregates.ts';
export { operatorKafkaContext } from './operator-kafka.ts';
