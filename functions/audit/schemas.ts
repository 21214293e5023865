/**
 * The audit trail's entry: who did what to which record of personal data, for whom, why and when — ids only, never the
 * personal data itself (Art. 5 Abs. 1 lit. c DSGVO, data minimisation; the trail is the accountability record of
 * Art. 5 Abs. 2 and Art. 32 Abs. 1 lit. b/d DSGVO, § 58 DSG NRW for the police-like enforcement services).
 * Browser-safe (zod only): the data protection officer's pages validate their filters with the same schemas.
 */
import * as z from '#core/zod';

/** What was done to the record: `export` hands data out of the platform (CSV, PDF, extract), `erase` is Art. 17. */
export const AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'erase'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** German labels of the actions, for the pages and the CSV export. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  read: 'Gelesen',
  create: 'Angelegt',
  update: 'Geändert',
  delete: 'Gelöscht',
  export: 'Exportiert',
  erase: 'Gelöscht (Art. 17 DSGVO)',
};

/** Ids: our own are UUIDs, slugs, case numbers or Cognito subs — no spaces, so no name or address fits in one. */
const idSchema = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:@#-]+$/, 'Nur eine Kennung (Buchstaben, Ziffern, . _ : @ # -), keine Namen.'));

/** A record type: a short slug, e.g. `application`, `baulast-sheet`, `business`. */
export const recordTypeSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'Ein Datensatztyp in Kleinbuchstaben, z. B. application.'));

export const auditEntrySchema = z.object({
  tenantId: idSchema,
  /** Cognito `sub` of the person who acted, or `system` for a workflow step or schedule. */
  actorId: idSchema,
  /** The role the actor acted in (a Cognito group, or `system`). */
  role: idSchema,
  action: z.enum(AUDIT_ACTIONS),
  recordType: recordTypeSchema,
  recordId: idSchema,
  /** The person the record is about (citizen's user id, an employee id), where known: the key of Art. 15 requests. */
  subjectId: z.optional(idSchema),
  /**
   * Why (Art. 5 Abs. 1 lit. b DSGVO, purpose limitation): a short code or the staff member's stated reason (e.g. the
   * reason required before a Baulast scan is opened). Not for data about the subject.
   */
  purpose: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** When it happened (ISO 8601, UTC). */
  at: z.iso.datetime(),
  /** The API request or workflow execution that did it, to correlate with technical logs. */
  requestId: z.optional(idSchema),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
