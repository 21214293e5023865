import { describe, expect, it } from 'vitest';
import { assertCursorInScope, decodeCursor, encodeCursor, type CursorScope } from '../../../functions/core/pagination.ts';

/** A last evaluated key as DynamoDB returns it for a query of each index. */
const lastKeys: Array<[CursorScope, Record<string, string>]> = [
  [{ index: 'table', partition: 'neuss#TENANTS', sortKeyPrefix: 'TENANT#' }, { PK: 'neuss#TENANTS', SK: 'TENANT#kaarst' }],
  [{ index: 'GSI1', partition: 'neuss#APPLICANT#u1' }, { PK: 'neuss#APP#a1', SK: 'APP', GSI1PK: 'neuss#APPLICANT#u1', GSI1SK: '2026-12-01T10:00:00.000Z' }],
  [{ index: 'GSI2', partition: 'neuss#INBOX#awaiting-decision' }, { PK: 'neuss#APP#a1', SK: 'APP', GSI2PK: 'neuss#INBOX#awaiting-decision', GSI2SK: '2026-12-01' }],
  [{ index: 'table', partition: 'neuss#XAPI', sortKeyAbove: '2026-01-01T00:00:00.000Z#~' }, { PK: 'neuss#XAPI', SK: '2026-06-01T00:00:00.000Z#id' }],
  [{ index: 'GSI2', partition: 'neuss#INBOX#awaiting-decision', sortKeyBelow: '2026-11-01T00:00:00.000Z' }, { PK: 'neuss#APP#a1', SK: 'APP', GSI2PK: 'neuss#INBOX#awaiting-decision', GSI2SK: '2026-10-01T08:00:00.000Z#a1' }],
];

function refused(cursor: Record<string, unknown>, scope: CursorScope): boolean {
  try {
    assertCursorInScope(cursor, scope);
    return false;
  } catch (error) {
    expect(error).toMatchObject({ kind: 'bad-request', errors: [{ field: 'query/cursor' }] });
    return true;
  }
}

describe('a cursor is accepted only where the query that made it could continue', () => {
  it.each(lastKeys)('accepts the key a %o query returned, after a round trip through the client', (scope, key) => {
    expect(refused(decodeCursor(encodeCursor(key)!)!, scope)).toBe(false);
  });

  it.each(lastKeys)('refuses every variant of that key a client could forge instead (%o)', (scope, key) => {
    const variants: Record<string, unknown>[] = [{ ...key, extra: 'x' }, {}];
    for (const name of Object.keys(key)) {
      const { [name]: _dropped, ...without } = key;
      variants.push(without, { ...key, [name]: 7 }, { ...key, [name]: { S: 'x' } }, { ...key, [name]: '' }, { ...key, [name]: 'x'.repeat(2049) });
      if (name.endsWith('PK')) variants.push({ ...key, [name]: key[name]!.replace(/^neuss#/, 'kaarst#') });
    }
    for (const variant of variants) expect(refused(variant, scope), JSON.stringify(variant).slice(0, 120)).toBe(true);
  });

  it('refuses a key outside the sort-key range of the query (prefix, lower bound, upper bound)', () => {
    expect(refused({ PK: 'neuss#TENANTS', SK: 'CONFIG' }, lastKeys[0]![0])).toBe(true);
    expect(refused({ PK: 'neuss#XAPI', SK: '2025-06-01T00:00:00.000Z#id' }, lastKeys[3]![0])).toBe(true);
    expect(refused({ ...lastKeys[4]![1], GSI2SK: '2026-11-02T08:00:00.000Z#a1' }, lastKeys[4]![0])).toBe(true);
  });

  it('refuses a text that is not a key at all', () => {
    expect(() => decodeCursor('not base64 json')).toThrow(/Cursor/);
    expect(() => decodeCursor(Buffer.from('[1]').toString('base64url'))).toThrow(/Cursor/);
  });
});
