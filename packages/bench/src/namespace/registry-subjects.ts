import { replayTopic, subjectOf, topics } from '@thermostream/kafka';

/**
 * Deletes the value subjects of pipeline namespaces from a Confluent-compatible registry: soft, then
 * permanent, as the API requires. Each subject is named rather than found in the subject list, which
 * the registry cuts at a thousand.
 */
export async function deleteNamespaceSubjects(registryUrl: string, namespaces: readonly string[]): Promise<void> {
  const namespaceTopics = [...Object.values(topics), replayTopic()];
  for (const namespace of namespaces) {
    for (const topic of namespaceTopics) {
      const subject = subjectOf(topic, namespace);
      for (const query of ['', '?permanent=true']) {
        const deleted = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}${query}`, { method: 'DELETE' });
        if (!deleted.ok && deleted.status !== 404) throw new Error(`deleting subject ${subject} answered ${deleted.status}`);
      }
    }
  }
}
