import type { ServiceName } from '@thermostream/config';
import { groupName, topicName, topics, type AclGrant, type Topic } from '@thermostream/kafka';

/** What each service reads (in its own group) and writes, and whether it writes in transactions. */
interface ServiceAccess {
  reads: readonly Topic[];
  writes: readonly Topic[];
  transactional: boolean;
}

/** Keyed by every service: a new service does not compile until its access is written here. */
const serviceAccess: Record<ServiceName, ServiceAccess> = {
  'http-ingest': { reads: [], writes: [topics.raw, topics.rejected], transactional: false },
  'raw-archiver': { reads: [topics.raw], writes: [topics.rejected], transactional: false },
  filter: { reads: [topics.raw], writes: [topics.clean, topics.rejected], transactional: true },
  'region-partitioner': { reads: [topics.clean], writes: [topics.regional, topics.rejected], transactional: true },
  // The current-versions changelog is the scd-writer's own store: it writes it and reads it back.
  'scd-writer': {
    reads: [topics.regional, topics.currentVersions],
    writes: [topics.changes, topics.versions, topics.currentVersions, topics.rejected],
    transactional: true,
  },
  aggregator: { reads: [topics.changes], writes: [topics.rejected], transactional: false },
  'lake-writer': { reads: [topics.versions], writes: [topics.rejected], transactional: false },
  'versions-mirror': { reads: [topics.versions], writes: [topics.rejected], transactional: false },
};

/** The partner principal may write readings.raw and nothing else. */
const partnerPrincipal = 'partner';

/**
 * The ACLs of the pipeline's principals on a namespace's topics and groups ('': the product's own,
 * the only ones a partner may write). Each service reads its input in its own group and writes its outputs; a transactional one uses transactional ids that
 * start with its group name (transactional-commit.ts). Every service may describe every topic of the pipeline:
 * at start it checks that they all exist (prepareTopics), which shows their names and partitions,
 * never their records.
 */
export function pipelineAcls(namespace = ''): AclGrant[] {
  const name = (topic: Topic) => topicName(topic, namespace);
  // The prefix every topic of the namespace's pipeline starts with.
  const everyTopic = namespace === '' ? 'readings.' : `${namespace}.readings.`;
  const grants: AclGrant[] =
    namespace === '' ? [{ principal: partnerPrincipal, resource: 'topic', pattern: 'literal', names: [name(topics.raw)], operations: ['write', 'describe'] }] : [];
  for (const [service, access] of Object.entries(serviceAccess) as [ServiceName, ServiceAccess][]) {
    const group = groupName(service, namespace);
    grants.push({ principal: service, resource: 'topic', pattern: 'prefixed', names: [everyTopic], operations: ['describe'] });
    grants.push({ principal: service, resource: 'topic', pattern: 'literal', names: access.writes.map(name), operations: ['write'] });
    if (access.reads.length > 0) {
      grants.push({ principal: service, resource: 'topic', pattern: 'literal', names: access.reads.map(name), operations: ['read'] });
      grants.push({ principal: service, resource: 'group', pattern: 'literal', names: [group], operations: ['read', 'describe'] });
    }
    if (access.transactional) grants.push({ principal: service, resource: 'transactional-id', pattern: 'prefixed', names: [`${group}.`], operations: ['write', 'describe'] });
  }
  return grants;
}

/** docs/security.md's table of the ACLs: one row per principal and resource. */
export function aclMarkdownTable(): string {
  const rows = pipelineAcls().map((grant) => {
    const names = grant.names.map((name) => `\`${name}${grant.pattern === 'prefixed' ? '*' : ''}\``).join(', ');
    return `| \`User:${grant.principal}\` | ${grant.resource} | ${names} | ${grant.operations.join(', ')} |`;
  });
  return ['| principal | resource | names (`*`: prefix) | operations |', '|---|---|---|---|', '| `User:admin` | everything (super user) | | all |', ...rows].join('\n');
}
