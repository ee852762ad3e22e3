/**
 * Deletes the value subjects of a pipeline namespace from a Confluent-compatible registry: soft, then
 * permanent, as the API requires. The services register them at start; a benchmark leaves none behind.
 */
export async function deleteNamespaceSubjects(registryUrl: string, namespace: string): Promise<void> {
  const response = await fetch(`${registryUrl}/subjects`);
  if (!response.ok) throw new Error(`listing the registry's subjects answered ${response.status}`);
  const subjects = ((await response.json()) as string[]).filter((subject) => subject.startsWith(`${namespace}.`));
  for (const subject of subjects) {
    for (const query of ['', '?permanent=true']) {
      const deleted = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}${query}`, { method: 'DELETE' });
      if (!deleted.ok && deleted.status !== 404) throw new Error(`deleting subject ${subject} answered ${deleted.status}`);
    }
  }
}
