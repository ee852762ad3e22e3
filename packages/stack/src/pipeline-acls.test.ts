import { pipelineAcls } from './pipeline-acls.ts';

/** Every (resource, name, operation) a principal is granted, as `topic:readings.raw:write` strings. */
function grantsOf(principal: string): string[] {
  return pipelineAcls()
    .filter((grant) => grant.principal === principal)
    .flatMap((grant) => grant.names.flatMap((name) => grant.operations.map((operation) => `${grant.resource}:${name}${grant.pattern === 'prefixed' ? '*' : ''}:${operation}`)))
    .sort();
}

describe('the ACLs of the secure stack', () => {
  it('let a partner write readings.raw and nothing else', () => {
    expect(grantsOf('partner')).toEqual(['topic:readings.raw:describe', 'topic:readings.raw:write']);
  });

  it('let the filter read readings.raw in its group, write readings.clean and rejects in its own transactions', () => {
    expect(grantsOf('filter')).toEqual([
      'group:thermostream.filter:describe',
      'group:thermostream.filter:read',
      'topic:readings.*:describe',
      'topic:readings.clean:write',
      'topic:readings.raw:read',
      'topic:readings.rejected:write',
      'transactional-id:thermostream.filter.*:describe',
      'transactional-id:thermostream.filter.*:write',
    ]);
  });

  it('let http-ingest write without a group or transactions', () => {
    expect(grantsOf('http-ingest')).toEqual(['topic:readings.*:describe', 'topic:readings.raw:write', 'topic:readings.rejected:write']);
  });

  it('let the scd-writer read back the changelog it writes', () => {
    const scdWriter = grantsOf('scd-writer');
    expect(scdWriter).toEqual(expect.arrayContaining(['topic:readings.current-versions:read', 'topic:readings.current-versions:write', 'topic:readings.versions:write', 'topic:readings.changes:write']));
    expect(scdWriter).not.toContain('topic:readings.versions:read');
  });

  it('give transactional ids only to the transactional services, and read access to no one on a topic it does not consume', () => {
    const transactional = [...new Set(pipelineAcls().filter((grant) => grant.resource === 'transactional-id').map((grant) => grant.principal))].sort();
    expect(transactional).toEqual(['filter', 'region-partitioner', 'scd-writer']);
    expect(grantsOf('aggregator').filter((grant) => grant.endsWith(':read'))).toEqual(['group:thermostream.aggregator:read', 'topic:readings.changes:read']);
  });
});

describe('the ACLs of a second model on the secure stack', () => {
  it("hold each service to its namespace's topics, group and transactional ids, and give partners nothing there", () => {
    const grants = pipelineAcls('model2');
    expect(grants.some((grant) => grant.principal === 'partner')).toBe(false);
    const filter = grants.filter((grant) => grant.principal === 'filter').flatMap((grant) => grant.names.map((name) => `${grant.resource}:${name}`));
    expect(filter).toEqual(
      expect.arrayContaining(['topic:model2.readings.', 'topic:model2.readings.raw', 'group:model2.thermostream.filter', 'transactional-id:model2.thermostream.filter.']),
    );
    expect(filter.filter((entry) => entry.startsWith('topic:readings.'))).toEqual([]);
  });
});
