export { replayTopic, topics, topicName, type Topic, type TopicValue } from './topics.ts';
export { createKafkaContext, groupName, type KafkaContext, type KafkaContextOptions } from './context.ts';
export { ensureTopics, prepareTopics } from './admin.ts';
export { createProducer, type Compression, type PipelineProducer } from './producer.ts';
export { runConsumer, type ConsumerHandle, type ConsumerOptions, type DeliveryMode } from './consumer.ts';
export { outbound, rejection, type BatchHandler, type InboundRecord, type OutboundRecord, type Produce } from './records.ts';
export { frameByKey } from './framing.ts';
export { createTopologyTestDriver, type DrivenRecord } from './testing.ts';
