/**
 * How the inner topics group readings into Kafka records: items with the same key share a record,
 * up to `maxItemsPerRecord`, in their original order. Kept in one place so the grouping can change
 * (one reading per record, or many) without touching a service.
 */
export function frameByKey<Item>(items: readonly Item[], keyOf: (item: Item) => string, maxItemsPerRecord: number): { key: string; items: Item[] }[] {
  if (!Number.isInteger(maxItemsPerRecord) || maxItemsPerRecord < 1) throw new Error('maxItemsPerRecord must be a positive integer');
  const byKey = new Map<string, Item[][]>();
  const frames: { key: string; items: Item[] }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    let chunks = byKey.get(key);
    if (!chunks) {
      chunks = [];
      byKey.set(key, chunks);
    }
    let current = chunks[chunks.length - 1];
    if (!current || current.length >= maxItemsPerRecord) {
      current = [];
      chunks.push(current);
      frames.push({ key, items: current });
    }
    current.push(item);
  }
  return frames;
}
