export { createLogger, type Logger } from './logger.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { metricDefinitions, metricsMarkdownTable, type MetricName } from './metric-names.ts';
export { registerOpsRoutes, startOpsServer, type OpsOptions } from './ops-routes.ts';
export { createOutageClock, dependencies, type Dependency, type OutageClock } from './outage-clock.ts';
export { countDependencyOutages, type DependencyOutages } from './dependency-outages.ts';
