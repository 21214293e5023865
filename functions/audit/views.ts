/**
 * What the API answers about trail entries: the entry as stored (ids only) with the German label of its action, and
 * its place in the chain (`seq`, `day`) so that the data protection officer can quote it. Browser-safe.
 */
import * as z from '#core/zod';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditEntry } from './schemas.ts';

export const trailEntrySchema = z.object({
  seq: z.int(),
  day: z.string(),
  at: z.string(),
  actorId: z.string(),
  role: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actionLabel: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  subjectId: z.optional(z.string()),
  purpose: z.optional(z.string()),
  requestId: z.optional(z.string()),
});
export type TrailEntryView = z.infer<typeof trailEntrySchema>;

export function trailEntryView(entry: AuditEntry & { seq: number; day: string }): TrailEntryView {
  return {
    seq: entry.seq,
    day: entry.day,
    at: entry.at,
    actorId: entry.actorId,
    role: entry.role,
    action: entry.action,
    actionLabel: AUDIT_ACTION_LABELS[entry.action],
    recordType: entry.recordType,
    recordId: entry.recordId,
    ...(entry.subjectId ? { subjectId: entry.subjectId } : {}),
    ...(entry.purpose ? { purpose: entry.purpose } : {}),
    ...(entry.requestId ? { requestId: entry.requestId } : {}),
  };
}

export const trailPageSchema = z.object({ items: z.array(trailEntrySchema), nextCursor: z.nullable(z.string()) });

export const verificationSchema = z.object({
  valid: z.boolean(),
  entries: z.int(),
  days: z.int(),
  head: z.optional(z.object({ seq: z.int(), hash: z.string(), day: z.string() })),
  from: z.optional(z.string()),
  problems: z.array(z.object({ kind: z.enum(['altered', 'missing', 'inserted', 'broken-link', 'foreign']), day: z.string(), seq: z.int(), label: z.string() })),
});

/** German descriptions of what verification found, for the page and the CLI. */
export const CHAIN_PROBLEM_LABELS = {
  altered: 'Eintrag verändert (Prüfsumme stimmt nicht)',
  missing: 'Eintrag fehlt (gelöscht)',
  inserted: 'Eintrag eingefügt (gehört nicht zur Kette)',
  'broken-link': 'Verkettung unterbrochen (Vorgänger passt nicht)',
  foreign: 'Eintrag steht am falschen Ort (anderer Tag oder Mandant)',
} as const;
