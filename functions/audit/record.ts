/**
 * The trail entries of one HTTP request, from its route's declared `AuditClass` (pure; the http middleware appends
 * them with one `appendAudit` call per request).
 */
import type { Caller } from '#core/auth';
import type { AuditClass, AuditDetail, AuditEntry } from './schemas.ts';

export interface AuditedRequest {
  caller: Caller;
  /** The roles the route allows: the role the caller acted in is the first of theirs among them. */
  routeRoles: readonly string[] | 'public';
  params: unknown;
  reply: unknown;
  requestId: string;
  /** What the handler added (`request.audit(...)`); when present, one entry each instead of the declared ones. */
  details: readonly AuditDetail[];
  now: Date;
}

function field(source: unknown, name: string): string | undefined {
  const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

function subjectOf(audit: AuditClass, request: AuditedRequest, item: unknown): string | undefined {
  for (const source of audit.subject ?? []) {
    if (source === 'caller') return request.caller.userId;
    const [where, name] = source.split(':') as ['param' | 'reply' | 'items', string];
    const value = field(where === 'items' ? item : where === 'param' ? request.params : request.reply, name);
    if (value) return value;
  }
  return undefined;
}

export function auditEntries(audit: AuditClass, request: AuditedRequest): AuditEntry[] {
  const { caller } = request;
  const role = request.routeRoles === 'public' ? caller.roles[0] : caller.roles.find((held) => request.routeRoles.includes(held));
  const base = {
    tenantId: caller.tenantId,
    actorId: caller.userId,
    role: role ?? caller.roles[0] ?? 'unknown',
    action: audit.action,
    recordType: audit.record,
    at: request.now.toISOString(),
    requestId: request.requestId,
  };
  const [where, name = ''] = audit.id.split(':') as ['param' | 'reply' | 'items' | 'const' | 'caller', string?];
  const listed = where === 'items' && request.reply && typeof request.reply === 'object' ? (request.reply as { items?: unknown }).items : undefined;
  const declared: AuditEntry[] = [];
  if (where === 'items') {
    for (const item of Array.isArray(listed) ? listed : []) {
      const recordId = field(item, name);
      const subjectId = subjectOf(audit, request, item);
      if (recordId) declared.push({ ...base, recordId, ...(subjectId ? { subjectId } : {}) });
    }
  } else {
    const recordId = where === 'caller' ? caller.userId : where === 'const' ? name : field(where === 'param' ? request.params : request.reply, name);
    const subjectId = subjectOf(audit, request, undefined);
    if (recordId) declared.push({ ...base, recordId, ...(subjectId ? { subjectId } : {}) });
  }
  if (request.details.length === 0) return declared;
  // A handler's detail refines the declared entry (the first one); a detail without a record id names none.
  return request.details.map((detail) => ({ ...base, recordId: '', ...declared[0], ...detail }));
}
