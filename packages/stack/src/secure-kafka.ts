import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { replicationForCluster } from '@thermostream/config';
import { createKafkaContext, grantAcls, prepareTopics } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import { ensureCertificates, ensurePasswords, kafkaClientSecurity, securityLayout, stackSecurityOf, type SecurityLayout } from './credentials.ts';
import { pipelineAcls } from './pipeline-acls.ts';

/** The users' passwords and the certificates a secure broker starts with, made on its first start. */
export async function prepareSecureKafka(dataDir: string, log: (line: string) => void): Promise<SecurityLayout> {
  const layout = securityLayout(dataDir);
  ensurePasswords(layout);
  await ensureCertificates(layout, log);
  return layout;
}

/**
 * As admin, once the broker and the registry serve: a namespace's pipeline topics (a service may
 * only describe the topics it does not own, so it could not create them) and every principal's
 * ACLs on them. Both are idempotent, so every start applies them and an ACL added to the table
 * reaches an old stack. '' is the product's own pipeline; a second model's namespace gets its own.
 */
export async function provisionSecureKafka(options: { dataDir: string; brokers: readonly string[]; registryUrl: string; namespace?: string }): Promise<void> {
  const namespace = options.namespace ?? '';
  const context = createKafkaContext({
    brokers: [...options.brokers],
    clientId: 'thermo-stack',
    namespace,
    security: kafkaClientSecurity(stackSecurityOf(options.dataDir), 'admin'),
    serde: createAvroSerde(createSchemaRegistry(options.registryUrl)),
    logger: createLogger({ service: 'stack', level: 'warn' }),
  });
  await prepareTopics(context, replicationForCluster(options.brokers.length));
  await grantAcls(context, pipelineAcls(namespace));
}
