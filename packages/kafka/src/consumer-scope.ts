import type { Logger } from '@thermostream/observability';
import type { ConsumerOptions } from './consumer-options.ts';
import { groupName, type KafkaContext } from './context.ts';
import { topicName, type Topic } from './topics.ts';

/** What every part of one consumer shares: its options and names, and where it logs and counts. */
export interface ConsumerScope<T extends Topic> {
  readonly context: KafkaContext;
  readonly options: ConsumerOptions<T>;
  /** The group and the input topic, in the context's namespace. */
  readonly group: string;
  readonly inputTopic: string;
  readonly logger: Logger;
  readonly labels: { topic: string };
  readonly sessionTimeout: number;
}

export function consumerScope<T extends Topic>(context: KafkaContext, options: ConsumerOptions<T>): ConsumerScope<T> {
  const group = groupName(options.groupId, context.namespace);
  const inputTopic = topicName(options.topic, context.namespace);
  return {
    context,
    options,
    group,
    inputTopic,
    logger: context.logger.child({ component: 'consumer', group, topic: inputTopic }),
    labels: { topic: inputTopic },
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
  };
}
