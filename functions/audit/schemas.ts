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

/**
 * What a route does to personal data, declared in its handler's `httpHandler` spec (`audit`): the http middleware
 * appends one trail entry per touched record after a successful answer (`record.ts`), so a route cannot forget it and
 * a handler has no audit code of its own. `test/unit/audit/route-audit.test.ts` requires it of every route that is not
 * listed there as touching no personal data.
 */
export interface AuditClass {
  /** The record type, e.g. `application`. */
  record: string;
  action: AuditAction;
  /**
   * Where the record's id is: a path parameter (`param:id`), a field of the answer (`reply:applicationId`, e.g. of a
   * created record), a field of each listed item of the answer (`items:applicationId`: one entry per item), the
   * caller's user id (`caller`: the caller's own record, e.g. their training record), or a fixed name
   * (`const:compliance`: a report over many people).
   */
  id: `param:${string}` | `reply:${string}` | `items:${string}` | `const:${string}` | 'caller';
  /**
   * Where the id of the person the record is about is, tried in order: a path parameter, a field of the answer or of
   * each item, or `caller` (the caller's own data, e.g. a citizen reading their application).
   */
  subject?: ReadonlyArray<'caller' | `param:${string}` | `reply:${string}` | `items:${string}`>;
}

/** What a handler may add to its route's declared entry (e.g. the reason given before a scan was opened). */
export type AuditDetail = Partial<Pick<AuditEntry, 'recordType' | 'recordId' | 'subjectId' | 'purpose' | 'action'>>;

/** The longest period a search by time alone (or by user) may span: each day is one read of the trail. */
export const MAX_SEARCH_DAYS = 31;

const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });

/** Days between two ISO dates (UTC calendar days; pure, browser-safe). */
function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The data protection officer's search of the trail (`GET /audit/entries`, its CSV export and the trail page): by
 * person, by record, by user, by time (UTC days, both inclusive). Without a person or record the period is bounded.
 */
export const trailQuerySchema = z
  .strictObject({
    person: z.optional(idSchema),
    recordType: z.optional(recordTypeSchema),
    recordId: z.optional(idSchema),
    user: z.optional(idSchema),
    from: z.optional(isoDate),
    to: z.optional(isoDate),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  })
  .check(
    z.refine((query) => query.recordId === undefined || query.recordType !== undefined, { message: 'Bitte zur Kennung auch den Datensatztyp angeben.', path: ['recordType'] }),
    z.refine((query) => query.recordType === undefined || query.recordId !== undefined || query.person !== undefined, {
      message: 'Bitte zum Datensatztyp auch die Kennung des Datensatzes angeben.',
      path: ['recordId'],
    }),
    z.refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: '„Von“ liegt nach „bis“.', path: ['from'] }),
    z.refine(
      (query) => query.person !== undefined || query.recordId !== undefined || query.from === undefined || query.to === undefined || daySpan(query.from, query.to) < MAX_SEARCH_DAYS,
      { message: `Ohne Person oder Datensatz höchstens ${MAX_SEARCH_DAYS} Tage auf einmal.`, path: ['from'] },
    ),
  );
export type TrailQuery = z.infer<typeof trailQuerySchema>;

/** `GET /audit/verify?from=`: verify the chain back to this day (default: the tenant's first entry). */
export const verifyQuerySchema = z.strictObject({ from: z.optional(isoDate) });
