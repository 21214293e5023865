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
  'extract-read': 'Für eine Baulastenauskunft gelesen (nicht aufgenommen: gelöscht oder nicht mehr belastend)',
} as const;
export type AccessAction = keyof typeof ACCESS_ACTIONS;
export type ExtractAccessAction = Extract<AccessAction, 'extract' | 'extract-read'>;

/** The register was about to be read for an applicant whose legitimate interest no caseworker has accepted. */
export class InterestNotAccepted extends Error {
  override readonly name = 'InterestNotAccepted';
}

/**
 * § 85 Abs. 5 BauO NRW 2018: the register is shown to whoever shows a legitimate interest — decided by a person, not
 * presumed by the system. An applicant's request may read the register only after a caseworker approved it: this is
 * that approval (who and when, for the access log), or `InterestNotAccepted`.
 */
export function acceptedInterest<D extends { outcome: string; automatic: boolean; by: string; at: string }>(application: { applicationId: string; decision?: D }): D {
  const decision = application.decision;
  if (!decision || decision.outcome !== 'approve' || decision.automatic || decision.by === 'system') {
    throw new InterestNotAccepted(`Application ${application.applicationId}: no caseworker has accepted the legitimate interest`);
  }
  return decision;
}

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
  action: Exclude<AccessAction, ExtractAccessAction>;
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
 * The record of a sheet read for an applicant's extract: listed in it (`extract`), or read and left out because it is
 * deleted or no longer burdens the parcel (`extract-read`). Its id and time derive from the application and the
 * decision, so a retried issuing step writes the same record again instead of a second one.
 */
export function accessForExtract(input: {
  tenantId: string;
  sheetId: string;
  applicationId: string;
  caseNumber: string;
  decidedBy: string;
  decidedAt: string;
  action: ExtractAccessAction;
}): AccessRecord {
  const accessId = createHash('sha256').update(`extract#${input.applicationId}#${input.sheetId}`).digest('base64url').slice(0, 22);
  return {
    accessId,
    tenantId: input.tenantId,
    sheetId: input.sheetId,
    at: input.decidedAt,
    action: input.action,
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
