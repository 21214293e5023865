/** Audit trail entries of the data protection routes, in the role the caller acted in (the most specific it holds). */
import type { Caller } from '#core/auth';
import type { AuditEntry } from '#functions/audit/trail';

const ROLE_ORDER = ['data-protection-officer', 'tenant-admin', 'caseworker', 'employee', 'business', 'citizen'] as const;

export function callerEntry(caller: Caller, entry: Pick<AuditEntry, 'action' | 'recordType' | 'recordId' | 'purpose' | 'subjectId'>, requestId: string, now = new Date()): AuditEntry {
  const role = ROLE_ORDER.find((candidate) => caller.roles.includes(candidate)) ?? caller.roles[0] ?? 'unknown';
  return { tenantId: caller.tenantId, actorId: caller.userId, role, ...entry, at: now.toISOString(), requestId };
}
