/**
 * Renders and stores the Bescheid of a permit's revocation — by a caseworker (`revoke-permit.handler.ts`) or on the
 * holder's move out of the zone (`move.ts`) — under a deterministic id per permit (a retried revocation overwrites
 * the same object, never adds one). The PDF library is loaded on first use only.
 */
import { BESCHEID_KIND, revocationBescheid } from '#functions/applications/bescheid';
import type { DocumentRef, ProcedureStep } from '#functions/applications/model';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { ResidentParkingPermit } from './permit.ts';

export async function issueRevocationBescheid(
  permit: ResidentParkingPermit,
  revocation: {
    reason: string;
    steps: readonly ProcedureStep[];
    hearingDispensation?: string | undefined;
    legalBasis?: string | undefined;
    now: Date;
    today: string;
    config: TenantConfig;
  },
): Promise<DocumentRef> {
  const [{ renderBescheidPdf }, { putIssuedDocument }] = await Promise.all([import('#functions/documents/bescheid-pdf'), import('#functions/documents/store')]);
  const content = revocationBescheid({
    permit,
    revokedAt: revocation.now.toISOString(),
    revokedOn: revocation.today,
    reason: revocation.reason,
    steps: revocation.steps,
    hearingDispensation: revocation.hearingDispensation,
    legalBasis: revocation.legalBasis,
    config: revocation.config,
  });
  return putIssuedDocument({
    tenantId: permit.tenantId,
    applicationId: permit.applicationId,
    kind: BESCHEID_KIND,
    title: 'Bescheid (Widerruf des Bewohnerparkausweises)',
    fileName: `widerruf-${permit.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes: await renderBescheidPdf(content),
    documentId: `widerruf-${permit.permitId}`,
    now: revocation.now,
  });
}
