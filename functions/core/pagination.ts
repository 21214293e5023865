import { HttpProblem } from './problem.ts';
import * as z from './zod.ts';

/** Query parameters of every paginated list. Cursors are opaque to clients (base64url of the last key). */
export const pageQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

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

/** A cursor is client input: one that points into another partition (another tenant's) is refused. */
export function assertCursorInPartition(cursor: Record<string, unknown> | undefined, partitionKey: string): void {
  if (cursor !== undefined && cursor.PK !== partitionKey) {
    throw new HttpProblem('bad-request', 'Der Cursor gehört nicht zu dieser Liste.', [{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  }
}
