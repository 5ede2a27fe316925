/**
 * Runs `work` on every item with at most `limit` running at once, answering in the items' order.
 * Items with the same `keyOf` run one after another in their order (never two at once), so work
 * on one record is never raced by the same batch.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  keyOf: (item: T) => string,
): Promise<R[]> {
  const chains = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    chains.set(key, [...(chains.get(key) ?? []), index]);
  });
  const queue = [...chains.values()];
  const results = new Array<R>(items.length);
  // A failure stops every worker from taking more, and is thrown once all have stopped: nothing
  // keeps running after the caller has its answer.
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let chain = queue.shift(); chain && !failure; chain = queue.shift())
      for (const index of chain) {
        try {
          results[index] = await work(items[index]!);
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
