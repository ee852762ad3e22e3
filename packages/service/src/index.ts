export { consumerServiceSettings, createServiceRuntime, openDatabase, serviceSettings, type ServiceConfig, type ServiceRuntime } from './runtime.ts';
export { applyOnce, type OffsetUpdate } from './apply-once.ts';
export { runConsumerService, type ConsumerServiceSpec } from './consumer-service.ts';
