export { replayTopic, topics, topicName, type Topic, type TopicValue } from './topics.js';
export { createKafkaContext, groupName, type KafkaContext, type KafkaContextOptions } from './context.js';
export { ensureTopics, prepareTopics } from './admin.js';
export { createProducer, type Compression, type PipelineProducer } from './producer.js';
export { runConsumer, type ConsumerHandle, type ConsumerOptions, type DeliveryMode } from './consumer.js';
export { outbound, rejection, type BatchHandler, type InboundRecord, type OutboundRecord, type Produce } from './records.js';
export { frameByKey } from './framing.js';
export { createTopologyTestDriver, type DrivenRecord } from './testing.js';
