import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { createKafkaContext, type KafkaContext } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import { kafkaClientSecurity, type StackEndpoints } from '@thermostream/stack';

/**
 * The Kafka context of an operator's command on a stack: its own client id, the namespace's topics,
 * the stack's admin on a secure stack, and the client's errors on stderr (stdout is for the report).
 */
export function operatorKafkaContext(endpoints: StackEndpoints, command: string, namespace: string): KafkaContext {
  return createKafkaContext({
    brokers: endpoints.kafkaBrokers,
    clientId: `thermo-${command}`,
    namespace,
    ...(endpoints.kafkaSecurity ? { security: kafkaClientSecurity(endpoints.kafkaSecurity, 'admin') } : {}),
    serde: createAvroSerde(createSchemaRegistry(endpoints.schemaRegistryUrl)),
    logger: createLogger({ service: `thermo-${command}`, level: 'error', destination: 'stderr' }),
  });
}
