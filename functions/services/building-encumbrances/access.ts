/**
 * The access log of the register: every look at a sheet — its metadata, a scan, or its use in an extract — is recorded
 * with who, when and why, before the data or the download link is handed out. Append-only: there is no route that
 * changes or deletes an entry. Pure functions; the store writes the records.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from '#core/auth';

export const ACCESS_ACTIONS = {
  view: 'Angaben angesehen',
  file: 'Scan abgerufen',
  extract: 'In Baulastenauskunft aufgenommen',
} as const;
export type AccessAction = keyof typeof ACCESS_ACTIONS;

export interface AccessRecord {
  accessId: string;
  tenantId: string;
  sheetId: string;
  at: string;
  action: AccessAction;
  /** Cognito `sub` of the person (for extracts: the caseworker who approved the application). */
  userId: string;
  email?: string;
  roles: readonly string[];
  /** Why: required for scans, optional for a look at the metadata, the case number for extracts. */
  reason?: string;
  /** The version looked at (scans); absent when the current state was shown. */
  version?: number;
  applicationId?: string;
  caseNumber?: string;
  requestId?: string;
}

export function accessByCaller(input: {
  caller: Caller;
  tenantId: string;
  sheetId: string;
  action: Exclude<AccessAction, 'extract'>;
  reason?: string;
  version?: number;
  requestId?: string;
  now: Date;
}): AccessRecord {
  return {
    accessId: randomUUID(),
    tenantId: input.tenantId,
    sheetId: input.sheetId,
    at: input.now.toISOString(),
    action: input.action,
    userId: input.caller.userId,
    ...(input.caller.email ? { email: input.caller.email } : {}),
    roles: [...input.caller.roles],
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
  };
}

/**
 * The record of a sheet's use in an extract. Its id and time derive from the application and the decision, so a
 * retried issuing step writes the same record again instead of a second one.
 */
export function accessForExtract(input: {
  tenantId: string;
  sheetId: string;
  applicationId: string;
  caseNumber: string;
  decidedBy: string;
  decidedAt: string;
}): AccessRecord {
  const accessId = createHash('sha256').update(`extract#${input.applicationId}#${input.sheetId}`).digest('base64url').slice(0, 22);
  return {
    accessId,
    tenantId: input.tenantId,
    sheetId: input.sheetId,
    at: input.decidedAt,
    action: 'extract',
    userId: input.decidedBy,
    roles: ['caseworker'],
    reason: `Baulastenauskunft ${input.caseNumber}`,
    applicationId: input.applicationId,
    caseNumber: input.caseNumber,
  };
}

export function accessView(record: AccessRecord) {
  const { tenantId: _tenant, ...rest } = record;
  return { ...rest, actionLabel: ACCESS_ACTIONS[record.action] };
}
