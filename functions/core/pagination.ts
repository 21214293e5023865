import { HttpProblem } from './problem.ts';
import * as z from './zod.ts';

/** Query parameters of every paginated list. Cursors are opaque to clients (base64url of the last key). */
export const pageQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** The answer of every paginated list: a page of items and the cursor of the next page (null on the last). */
export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the problem below
  }
  throw new HttpProblem('bad-request', 'Der Cursor ist ungültig.', [{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
}

/** The table and its indexes, each with the key attributes of its pages' last evaluated keys. */
const PAGE_KEYS = {
  table: { partition: 'PK', sort: 'SK', keys: ['PK', 'SK'] },
  GSI1: { partition: 'GSI1PK', sort: 'GSI1SK', keys: ['PK', 'SK', 'GSI1PK', 'GSI1SK'] },
  GSI2: { partition: 'GSI2PK', sort: 'GSI2SK', keys: ['PK', 'SK', 'GSI2PK', 'GSI2SK'] },
} as const;

export type CursorIndex = keyof typeof PAGE_KEYS;

/** What the query that a cursor continues reads: its index, its partition, and the sort-key prefix it is limited to. */
export interface CursorScope {
  index: CursorIndex;
  partition: string;
  sortKeyPrefix?: string;
  /** The query reads sort keys greater than this one (`SK > :since`). */
  sortKeyAbove?: string;
  /** The query reads sort keys less than this one (`SK < :before`). */
  sortKeyBelow?: string;
}

/** DynamoDB's limits for key attributes (bytes); longer values cannot be keys of ours. */
const MAX_KEY_LENGTH = 2048;

/**
 * A cursor is client input. It becomes the query's `ExclusiveStartKey` only when it could be a key that query
 * returned: exactly the key attributes of its index, all non-empty strings, in the query's partition and sort-key
 * range, and every partition key in the caller's tenant. Anything else would make DynamoDB refuse the query (a 5xx
 * for bad input) or, with a foreign tenant's key, be refused by IAM. One check for every paginated list.
 */
export function assertCursorInScope(cursor: Record<string, unknown> | undefined, scope: CursorScope): void {
  if (cursor === undefined) return;
  const { keys, partition, sort } = PAGE_KEYS[scope.index];
  const tenantPrefix = scope.partition.slice(0, scope.partition.indexOf('#') + 1);
  const names = Object.keys(cursor);
  const valid =
    tenantPrefix.length > 1 &&
    names.length === keys.length &&
    keys.every((key) => {
      const value = cursor[key];
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH && (!key.endsWith('PK') || value.startsWith(tenantPrefix));
    }) &&
    cursor[partition] === scope.partition &&
    (scope.sortKeyPrefix === undefined || (cursor[sort] as string).startsWith(scope.sortKeyPrefix)) &&
    (scope.sortKeyAbove === undefined || (cursor[sort] as string) > scope.sortKeyAbove) &&
    (scope.sortKeyBelow === undefined || (cursor[sort] as string) < scope.sortKeyBelow);
  if (!valid) {
    throw new HttpProblem('bad-request', 'Der Cursor gehört nicht zu dieser Liste.', [{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  }
}
