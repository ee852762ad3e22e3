export { consumerServiceSettings, createServiceRuntime, openDatabase, serviceSettings, type ServiceConfig, type ServiceRuntime } from './runtime.js';
export { applyOnce } from './apply-once.js';
export { runConsumerService, type ConsumerServiceSpec } from './consumer-service.js';
