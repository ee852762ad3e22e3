import { AclOperations, AclPermissionTypes, Admin, ResourcePatternTypes, ResourceTypes, type Acl } from '@platformatic/kafka';
import { clientOptions, type ClientIdentity } from './context.ts';

export type AclResource = 'topic' | 'group' | 'transactional-id';
export type AclOperation = 'read' | 'write' | 'create' | 'describe';

/** What one principal may do on the resources named, literally or by prefix. */
export interface AclGrant {
  principal: string;
  resource: AclResource;
  pattern: 'literal' | 'prefixed';
  names: readonly string[];
  operations: readonly AclOperation[];
}

const resourceTypes = { topic: ResourceTypes.TOPIC, group: ResourceTypes.GROUP, 'transactional-id': ResourceTypes.TRANSACTIONAL_ID } as const;
const operations = { read: AclOperations.READ, write: AclOperations.WRITE, create: AclOperations.CREATE, describe: AclOperations.DESCRIBE } as const;

/**
 * Adds the grants as ALLOW ACLs, in one request (ACLs that exist already are left as they are), and
 * returns once the broker authorizes with them: it applies them from the metadata log a moment after
 * answering, and a client let in before that would be refused what it was just granted.
 */
export async function grantAcls(identity: ClientIdentity, grants: readonly AclGrant[], options: { timeoutMs?: number } = {}): Promise<void> {
  const admin = new Admin(clientOptions(identity, 'acls'));
  try {
    const creations = grants.flatMap((grant) =>
        grant.names.flatMap((name) =>
          grant.operations.map((operation) => ({
            resourceType: resourceTypes[grant.resource],
            resourceName: name,
            resourcePatternType: grant.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
            principal: `User:${grant.principal}`,
            host: '*',
            operation: operations[operation],
            permissionType: AclPermissionTypes.ALLOW,
          })),
        ),
    );
    await admin.createAcls({ creations });
    const wanted = new Set(creations.map(aclKey));
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const resources = await admin.describeAcls({ filter: anyAcl });
      const applied = new Set(resources.flatMap((resource) => resource.acls.map((acl) => aclKey({ ...resource, ...acl }))));
      const missing = [...wanted].filter((key) => !applied.has(key));
      if (missing.length === 0) return;
      if (Date.now() > deadline) throw new Error(`the broker has not applied ${missing.length} ACLs after ${options.timeoutMs ?? 30_000} ms, e.g. ${missing[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.close();
  }
}

const anyAcl = {
  resourceType: ResourceTypes.ANY,
  resourceName: null,
  resourcePatternType: ResourcePatternTypes.ANY,
  principal: null,
  host: null,
  operation: AclOperations.ANY,
  permissionType: AclPermissionTypes.ANY,
};

function aclKey(acl: Acl): string {
  return [acl.principal, acl.resourceType, acl.resourcePatternType, acl.resourceName, acl.operation, acl.permissionType, acl.host].join(' ');
}
