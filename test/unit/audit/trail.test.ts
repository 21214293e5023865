import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemTable } from '../../../functions/core/ddb.ts';
import { appendAudit, type AuditEntry } from '../../../functions/audit/trail.ts';
import { verifyDay, type ChainedEntry } from '../../../functions/audit/chain.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const TENANT = 'neuss';

/** A tiny table: items by PK/SK, honouring the two conditions the writer uses (so races behave as in DynamoDB). */
class FakeTable {
  items = new Map<string, Record<string, unknown>>();
  key = (item: Record<string, unknown>) => `${String(item.PK)}|${String(item.SK)}`;
  get(key: { PK: string; SK: string }) {
    const item = this.items.get(this.key(key));
    return item ? structuredClone(item) : undefined;
  }
  transact(input: { TransactItems: Array<{ Put: { Item: Record<string, unknown>; ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> } }> }) {
    const ok = input.TransactItems.every(({ Put }) => {
      const existing = this.items.get(this.key(Put.Item));
      if (Put.ConditionExpression === 'attribute_not_exists(PK)') return existing === undefined;
      const values = Put.ExpressionAttributeValues!;
      return existing !== undefined && existing.seq === values[':seq'] && existing.hash === values[':hash'];
    });
    if (!ok) {
      throw Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    }
    for (const { Put } of input.TransactItems) this.items.set(this.key(Put.Item), structuredClone(Put.Item));
  }
  /** The stored item of an entry (not the head, which carries the last sequence number too). */
  stored(seq: number): Record<string, unknown> {
    return [...this.items.values()].find((item) => String(item.SK).startsWith('SEQ#') && item.seq === seq)!;
  }
  /** The entries stored in a day's partition (as the store queries them), or all. */
  entries(day?: string): ChainedEntry[] {
    return [...this.items.values()].filter((item) => String(item.SK).startsWith('SEQ#') && (day === undefined || item.PK === `${TENANT}#AUDIT#${day}`)).map((item) => {
      const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...entry } = item;
      return entry as unknown as ChainedEntry;
    });
  }
  head() {
    return this.get({ PK: `${TENANT}#AUDIT-HEAD`, SK: 'HEAD' }) as { seq: number; hash: string; day: string };
  }
}

let table: FakeTable;

function entry(recordId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { tenantId: TENANT, actorId: 'user-1', role: 'caseworker', action: 'read', recordType: 'application', recordId, subjectId: 'citizen-1', at: '2026-12-07T10:00:00.000Z', ...overrides };
}

/** Verifies the whole fake trail from its head backwards, as the verification does day by day. */
function verifyAll(): string[] {
  const head = table.head();
  const problems: string[] = [];
  let expected: { day: string; seq: number; hash: string } | undefined = head;
  while (expected) {
    const day: string = expected.day;
    const result = verifyDay(TENANT, day, table.entries(day), expected);
    problems.push(...result.problems.map((p) => `${p.kind}@${p.seq}`));
    expected = result.previous;
  }
  return problems;
}

beforeEach(() => {
  ddb.reset();
  table = new FakeTable();
  ddb.on(GetCommand).callsFake(async (input: { Key: { PK: string; SK: string } }) => {
    await new Promise((resolve) => setImmediate(resolve));
    return { Item: table.get(input.Key) };
  });
  ddb.on(TransactWriteCommand).callsFake(async (input) => {
    await new Promise((resolve) => setImmediate(resolve));
    table.transact(input);
    return {};
  });
});

async function threeDays(): Promise<void> {
  await appendAudit(systemTable, [entry('a1'), entry('a2')], new Date('2026-12-05T09:00:00Z'));
  await appendAudit(systemTable, [entry('a3')], new Date('2026-12-06T09:00:00Z'));
  await appendAudit(systemTable, [entry('a4'), entry('a5'), entry('a6')], new Date('2026-12-07T09:00:00Z'));
}

describe('audit trail writer', () => {
  it('stores a request\'s entries in one transaction with the head, chained by sequence number and hash, per day', async () => {
    await threeDays();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
    expect(ddb.commandCalls(TransactWriteCommand)[2]!.args[0].input.TransactItems).toHaveLength(4);
    const bySeq = table.entries().sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((e) => [e.seq, e.day, e.prevDay])).toEqual([
      [1, '2026-12-05', undefined], [2, '2026-12-05', undefined], [3, '2026-12-06', '2026-12-05'],
      [4, '2026-12-07', '2026-12-06'], [5, '2026-12-07', undefined], [6, '2026-12-07', undefined],
    ]);
    for (let i = 1; i < bySeq.length; i += 1) expect(bySeq[i]!.prevHash).toBe(bySeq[i - 1]!.hash);
    expect(table.head()).toMatchObject({ seq: 6, hash: bySeq[5]!.hash, day: '2026-12-07' });
    expect(verifyAll()).toEqual([]);
  });

  it('keeps one unforked chain when many requests append at the same time', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => appendAudit(systemTable, [entry(`c${i}`), entry(`d${i}`)], new Date('2026-12-07T09:00:00Z'))));
    const seqs = table.entries().map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(table.entries().map((e) => e.recordId)).size).toBe(16);
    expect(verifyAll()).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand).length).toBeGreaterThan(8);
  });

  it('refuses entries with personal data where an id belongs, and entries of two tenants in one batch', async () => {
    await expect(appendAudit(systemTable, [entry('a1', { subjectId: 'Erika Mustermann' })])).rejects.toThrow();
    await expect(appendAudit(systemTable, [entry('a1'), entry('a2', { tenantId: 'kaarst' })])).rejects.toThrow(/more than one tenant/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('audit trail verification', () => {
  const tamper: Array<[string, () => void, string]> = [
    ['an altered entry', () => { const e = table.stored(5); e.recordId = 'other'; }, 'altered@5'],
    ['an altered entry whose hash was recomputed by the forger', () => {
      const e = table.stored(2);
      e.hash = 'f'.repeat(64);
    }, 'altered@2'],
    ['a deleted entry in the middle of a day', () => { table.items.delete(`${TENANT}#AUDIT#2026-12-07|SEQ#000000000005`); }, 'missing@5'],
    ['a deleted last entry', () => { table.items.delete(`${TENANT}#AUDIT#2026-12-07|SEQ#000000000006`); }, 'missing@6'],
    ['a deleted day', () => { table.items.delete(`${TENANT}#AUDIT#2026-12-06|SEQ#000000000003`); }, 'missing@3'],
    ['an inserted entry beyond the head', () => {
      const e = structuredClone(table.stored(6));
      table.items.set(`${TENANT}#AUDIT#2026-12-07|SEQ#000000000007`, { ...e, SK: 'SEQ#000000000007', seq: 7 });
    }, 'inserted@7'],
    ['an entry moved into another day', () => {
      const e = table.stored(2);
      table.items.set(`${TENANT}#AUDIT#2026-12-06|SEQ#000000000002`, { ...structuredClone(e), PK: `${TENANT}#AUDIT#2026-12-06` });
    }, 'foreign@2'],
  ];
  for (const [what, change, expected] of tamper) {
    it(`detects ${what}`, async () => {
      await threeDays();
      expect(verifyAll()).toEqual([]);
      change();
      expect(verifyAll()).toContain(expected);
    });
  }

  it('detects a forged entry even when the forger recomputed its hash: the next entry no longer links to it', async () => {
    await threeDays();
    const { entryHash } = await import('../../../functions/audit/chain.ts');
    const e = table.stored(4) as unknown as ChainedEntry & Record<string, unknown>;
    e.actorId = 'someone-else';
    const { hash: _h, PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, ...rest } = e;
    e.hash = entryHash(rest as never);
    expect(verifyAll()).toContain('broken-link@5');
  });
});
