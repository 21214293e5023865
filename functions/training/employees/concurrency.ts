/**
 * Runs `fn` over `items` with at most `limit` calls in flight and returns the results in input order. Used where
 * one request fans out to a service with a per-second quota (Cognito's user reads and writes, DynamoDB writes of many
 * assignments): a burst of 100 parallel calls would be throttled, one at a time would be slow.
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
