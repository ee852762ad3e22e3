export { consumerServiceSettings, createServiceRuntime, openDatabase, serviceSettings, type ServiceConfig, type ServiceRuntime } from './runtime.ts';
export { applyOnce, type OffsetUpdate } from './apply-once.ts';
export { runConsumerService, type ConsumerServiceSpec, type TransactionalStateConsumer } from './consumer-service.ts';
