export { createLogger, type Logger } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
export { metricDefinitions, metricsMarkdownTable, type MetricName } from './metric-names.js';
export { registerOpsRoutes, startOpsServer, type OpsOptions } from './ops-routes.js';
