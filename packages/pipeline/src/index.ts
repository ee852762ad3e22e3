export { fromRepositoryRoot, repositoryRoot } from './repository.ts';
export { describeEndpoints, launchOf, pipelineLaunches, type PipelineOptions } from './service-launches.ts';
export { pipelineScope, processingChain, type PipelineDirs, type PipelineScope } from './pipeline-scope.ts';
export { startService, waitUntilReady, type RunningService, type ServiceLaunch } from './service-process.ts';
export { createSupervisor, type SupervisedInstance, type Supervisor, type SupervisorOptions } from './supervisor.ts';
export { defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts';
export { readSupervisorState, writeSupervisorState, type SupervisorState } from './supervisor-state.ts';
export { consumerHealth, probeService, serviceWorks, type ConsumerHealth, type ServiceProbe } from './service-health.ts';
export { getFromService } from './service-http.ts';
export { currentVersionsFromChangelog, tableAggregates, verifyPassed, verifyPipeline, type VerifyReport } from './verify-aggregates.ts';
export {
  canonicalDecimal,
  compareAggregates,
  recountAggregates,
  sameDecimal,
  type AggregateDifference,
  type CurrentContribution,
  type RecountComparison,
  type RegionHourAggregate,
} from './aggregate-comparison.ts';
export { lakeAggregates, versionsNotInLake, waitUntilCaughtUp, type LakeRecount, type LakeVerifyOptions } from './verify-lake.ts';
export { operatorKafkaContext } from './operator-kafka.ts';
