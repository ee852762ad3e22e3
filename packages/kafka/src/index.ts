export { replayTopic, topics, topicName, type Topic, type TopicValue } from './topics.ts';
export { createKafkaContext, groupName, subjectOf, type KafkaContext, type KafkaContextOptions } from './context.ts';
export { ensureTopics, highWatermarks, prepareTopics, type TopicOptions } from './admin.ts';
export { compressions, createProducer, defaultCompression, isCompression, publishBytes, type Compression, type PipelineProducer } from './producer.ts';
export { runConsumer, type ConsumerHandle, type ConsumerOptions, type ConsumerStatus, type DeliveryMode } from './consumer.ts';
export { consumerHealth, type ConsumerHealth } from './health.ts';
export { outbound, rejection, type BatchHandler, type InboundRecord, type OutboundRecord, type Produce } from './records.ts';
export { frameByKey } from './framing.ts';
export { createTopologyTestDriver, type DrivenRecord } from './testing.ts';
