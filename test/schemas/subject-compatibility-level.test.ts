import { randomBytes } from 'node:crypto';
import { createSchemaRegistry, loadSchema, subjectCompatibility } from '@thermostream/avro';
import { topicName, topics } from '@thermostream/kafka';
import { startHttpIngest } from '../support/http-ingest.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints } from '../support/stack.ts';

async function registryCall(url: string, method: 'GET' | 'PUT', body?: object): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

describe('the compatibility level of a subject, as a starting service leaves it', () => {
  const namespace = uniqueNamespace('compat');
  const subjectOf = (topic: (typeof topics)[keyof typeof topics]) => `${topicName(topic, namespace)}-value`;
  let registryUrl: string;
  const levelOf = async (subject: string) =>
    ((await registryCall(`${registryUrl}/config/${encodeURIComponent(subject)}`, 'GET')) as { compatibilityLevel: string }).compatibilityLevel;
  const setLevel = (subject: string, compatibility: string) => registryCall(`${registryUrl}/config/${encodeURIComponent(subject)}`, 'PUT', { compatibility });

  beforeAll(async () => {
    registryUrl = (await testStackEndpoints()).schemaRegistryUrl;
  });

  it(`gives a new subject ${subjectCompatibility} at its first version, and never changes a level an operator chose`, async () => {
    // readings.raw exists with a version and the operator lowered its level afterwards; readings.rejected
    // has no version yet, but the operator chose its level before the first start.
    const raw = subjectOf(topics.raw);
    await createSchemaRegistry(registryUrl).register(raw, loadSchema('RawReading'));
    expect(await levelOf(raw)).toBe(subjectCompatibility);
    await setLevel(raw, 'BACKWARD');
    const rejected = subjectOf(topics.rejected);
    await setLevel(rejected, 'FORWARD_TRANSITIVE');

    // A real service start registers every topic's value schema.
    const ingest = await startHttpIngest(namespace, { apiKeys: { acme: `acme-${randomBytes(8).toString('hex')}` } });
    await ingest.stop();

    expect(await levelOf(raw)).toBe('BACKWARD');
    expect(await levelOf(rejected)).toBe('FORWARD_TRANSITIVE');
    expect(await levelOf(subjectOf(topics.clean))).toBe(subjectCompatibility);
  });
});
