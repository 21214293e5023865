/**
 * The hash chain of a tenant's audit trail (pure functions; the store in `trail.ts` reads and writes the items).
 *
 * Every entry gets the tenant's next sequence number and carries the hash of the entry before it (`prevHash`); its own
 * `hash` covers all its fields including `prevHash`. Entries live in one partition per tenant and UTC day; a day's first
 * entry names the day of the entry before it (`prevDay`) and carries that entry's hash — the previous day's head is
 * anchored in the next day's first entry, and the tenant's current head (`seq`, `hash`, `day`) is one item of its own.
 * So, walking the chain backwards from the head:
 * - an altered entry no longer matches its hash (or, if the hash was recomputed, the next entry's `prevHash`);
 * - a deleted entry leaves a gap in the sequence numbers (the last one: the head names a sequence number that is gone);
 * - an inserted entry has a sequence number the chain does not lead to (a duplicate position or beyond the head) and
 *   breaks the `prevHash` of its successor.
 * The trail is tamper-evident, not tamper-proof: what keeps the writers from rewriting it is IAM (docs/data-protection.md).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './schemas.ts';

/** The `prevHash` of a tenant's first entry. */
export const GENESIS = 'genesis';

export interface ChainedEntry extends AuditEntry {
  seq: number;
  /** UTC day (YYYY-MM-DD) of the partition the entry is stored in: the day it was written. */
  day: string;
  prevHash: string;
  /** Only on a day's first entry: the day of the entry before it (absent on the tenant's first entry). */
  prevDay?: string;
  hash: string;
}

/** The tenant's chain head: the last entry written. */
export interface ChainHead {
  seq: number;
  hash: string;
  day: string;
}

/** Field order of the hashed form; a new optional field is appended here and hashed only when present. */
const HASHED_FIELDS = ['tenantId', 'seq', 'day', 'prevHash', 'prevDay', 'actorId', 'role', 'action', 'recordType', 'recordId', 'subjectId', 'purpose', 'at', 'requestId'] as const;

export function entryHash(entry: Omit<ChainedEntry, 'hash'>): string {
  const canonical = HASHED_FIELDS.map((field) => [field, entry[field]] as const).filter(([, value]) => value !== undefined);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Chains `entries` onto `head` (undefined: the tenant's first entries), all stored under `day`. */
export function chainEntries(head: ChainHead | undefined, entries: readonly AuditEntry[], day: string): ChainedEntry[] {
  const chained: ChainedEntry[] = [];
  let previous = head;
  for (const entry of entries) {
    const unhashed: Omit<ChainedEntry, 'hash'> = {
      ...entry,
      seq: (previous?.seq ?? 0) + 1,
      day,
      prevHash: previous?.hash ?? GENESIS,
      ...(previous && previous.day !== day ? { prevDay: previous.day } : {}),
    };
    const next = { ...unhashed, hash: entryHash(unhashed) };
    chained.push(next);
    previous = next;
  }
  return chained;
}

/** The day a batch is stored under: today (UTC), never before the head's day (a clock that went back). */
export function chainDay(head: ChainHead | undefined, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  return head && head.day > today ? head.day : today;
}

export type ChainProblemKind = 'altered' | 'missing' | 'inserted' | 'broken-link' | 'foreign';

export interface ChainProblem {
  kind: ChainProblemKind;
  day: string;
  /** The sequence number concerned (for `missing`: the first one that is gone). */
  seq: number;
}

/**
 * Checks one day's entries (as stored, any order) against what the chain expects of that day: its last entry is
 * `expectedLast` (the head, or what the next day's first entry points to). Returns the problems and what the day's
 * first entry points to (the day and entry before it), so the caller can continue backwards; no `previous` when the
 * day reaches back to the tenant's first entry or the way back is lost (then a problem says why).
 */
export function verifyDay(
  tenantId: string,
  day: string,
  stored: readonly ChainedEntry[],
  expectedLast: { seq: number; hash: string },
): { problems: ChainProblem[]; previous?: { day: string; seq: number; hash: string } } {
  const problems: ChainProblem[] = [];
  const chain: ChainedEntry[] = [];
  for (const entry of [...stored].sort((a, b) => a.seq - b.seq)) {
    if (entry.tenantId !== tenantId || entry.day !== day) problems.push({ kind: 'foreign', day, seq: entry.seq });
    else if (entry.seq > expectedLast.seq) problems.push({ kind: 'inserted', day, seq: entry.seq });
    else chain.push(entry);
  }
  const last = chain.at(-1);
  if (!last) return { problems: [...problems, { kind: 'missing', day, seq: expectedLast.seq }] };
  if (last.seq < expectedLast.seq) problems.push({ kind: 'missing', day, seq: last.seq + 1 });
  else if (last.hash !== expectedLast.hash) problems.push({ kind: 'broken-link', day, seq: last.seq });
  chain.forEach((entry, index) => {
    const { hash, ...unhashed } = entry;
    if (entryHash(unhashed) !== hash) problems.push({ kind: 'altered', day, seq: entry.seq });
    const before = chain[index - 1];
    if (!before) return;
    if (entry.prevDay !== undefined) problems.push({ kind: 'inserted', day, seq: entry.seq });
    else if (before.seq !== entry.seq - 1) problems.push({ kind: 'missing', day, seq: before.seq + 1 });
    else if (entry.prevHash !== before.hash) problems.push({ kind: 'broken-link', day, seq: entry.seq });
  });
  const first = chain[0]!;
  if (first.prevDay !== undefined) return { problems, previous: { day: first.prevDay, seq: first.seq - 1, hash: first.prevHash } };
  if (first.seq !== 1 || first.prevHash !== GENESIS) problems.push({ kind: 'missing', day, seq: first.seq - 1 });
  return { problems };
}
