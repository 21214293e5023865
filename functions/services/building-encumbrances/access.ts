/**
 * Access to the register. Every look at a sheet — its metadata, a scan, or its use in an extract — is an entry of the
 * audit trail (`functions/audit/`), recorded with who, when and why before the data or the download link is handed
 * out; the sheet's access log is read from the trail (record type `baulast-sheet`). Pure functions.
 */
import type { AuditEntry } from '#functions/audit/schemas';

/** The trail's record type of a sheet. */
export const SHEET_RECORD = 'baulast-sheet';

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

/**
 * The trail entries of the sheets read for an applicant's extract: listed in it (`export`), or read and left out
 * because deleted or no longer burdening the parcel (`read`). They are the caseworker's who accepted the interest. A
 * retried issuing step reads the register again and is recorded again: the trail records reads, not documents.
 */
export function extractAuditEntries(input: {
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  decidedBy: string;
  at: string;
  sheets: ReadonlyArray<{ sheetId: string; listed: boolean }>;
}): AuditEntry[] {
  return input.sheets.map(({ sheetId, listed }) => ({
    tenantId: input.tenantId,
    actorId: input.decidedBy,
    role: 'caseworker',
    action: listed ? 'export' : 'read',
    recordType: SHEET_RECORD,
    recordId: sheetId,
    purpose: listed ? `Baulastenauskunft ${input.caseNumber}` : `Baulastenauskunft ${input.caseNumber}: gelesen, nicht aufgenommen (gelöscht oder nicht mehr belastend)`,
    at: input.at,
    requestId: `application:${input.applicationId}`,
  }));
}
