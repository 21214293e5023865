/**
 * Issuing the resident parking permit after approval: permit record + plate lock, signed QR token, PDF. Only the
 * workflow's issuing step loads this module (through `functions/services/issuers.ts`): it brings the PDF and signing
 * libraries and S3.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { IssueDocuments, ServiceContext } from '#functions/services/service';
import { berlinDate } from '#core/dates';
import type { ResidentParkingForm } from './form.ts';
import { permitDocumentId } from './permit-document.ts';
import { permitIdFor, renewable, validityFor, type ResidentParkingPermit } from './permit.ts';
import { attachDocument, createPermit, getPermit } from './store.ts';
import { addressKey } from './zones.ts';

/** The date of the approval: the permit's first day. A retried issue step days later still uses it. */
function approvalDate(application: Application<ResidentParkingForm>, now: Date): string {
  return berlinDate(application.decision?.at ? new Date(application.decision.at) : now);
}

async function newPermit(
  application: Application<ResidentParkingForm>,
  context: ServiceContext,
): Promise<{ permit: ResidentParkingPermit; renews?: ResidentParkingPermit }> {
  const { form } = application;
  const day = approvalDate(application, context.now);
  const old = form.renewalOf ? await getPermit(tableFor(context.tenantId), context.tenantId, form.renewalOf) : undefined;
  const renews = renewable(old, { holderId: application.applicantId, plate: form.plate, approvalDate: day }) ? old : undefined;
  const { validFrom, validTo } = validityFor({ approvalDate: day, months: form.validityMonths, ...(renews ? { renews } : {}) });
  const zone = context.config.parkingZones.find((candidate) => candidate.id === form.zoneId);
  const holderEmail = form.applicant.email ?? application.applicantEmail;
  const permit: ResidentParkingPermit = {
    permitId: permitIdFor(context.tenantId, application.applicationId),
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    caseNumber: application.caseNumber,
    holderId: application.applicantId,
    ...(holderEmail ? { holderEmail } : {}),
    plate: form.plate,
    zoneId: form.zoneId,
    zoneName: zone?.name ?? form.zoneId,
    validFrom,
    validTo,
    validityMonths: form.validityMonths,
    addressKey: addressKey(form.residence),
    residence: { ...form.residence },
    vehicle: { relation: form.vehicle.relation, ...(form.vehicle.weightKg !== undefined ? { weightKg: form.vehicle.weightKg } : {}) },
    status: 'valid',
    issuedAt: context.now.toISOString(),
    ...(renews ? { renewalOf: renews.permitId } : {}),
  };
  return { permit, ...(renews ? { renews } : {}) };
}

/** The permit of the application: created on the first call, read back on every later one. */
async function permitOf(application: Application<ResidentParkingForm>, context: ServiceContext): Promise<ResidentParkingPermit> {
  const permitId = permitIdFor(context.tenantId, application.applicationId);
  const existing = await getPermit(tableFor(context.tenantId), context.tenantId, permitId);
  if (existing) return existing;
  const { permit, renews } = await newPermit(application, context);
  if ((await createPermit(tableFor(context.tenantId), permit, renews)) === 'created') {
    logger.info('Resident parking permit created', { tenantId: context.tenantId, applicationId: application.applicationId, permitId, renewal: renews !== undefined });
    return permit;
  }
  const stored = await getPermit(tableFor(context.tenantId), context.tenantId, permitId);
  if (!stored) throw new Error(`Permit ${permitId} reported as existing but not found`);
  return stored;
}

async function issuePermitPdf(permit: ResidentParkingPermit, context: ServiceContext): Promise<DocumentRef> {
  // Loaded on first use: the PDF and signing libraries are evaluated when a permit is issued, not at the cold start.
  // (Only this module's bundle contains them; functions that need the service's form import `service.ts`.)
  const [{ signDocumentToken }, { verifyUrl }, { renderPermitPdf }, { putIssuedDocument }] = await Promise.all([
    import('#functions/documents/signing'),
    import('#functions/documents/verify-url'),
    import('#functions/documents/permit-pdf'),
    import('#functions/documents/store'),
  ]);
  // The token names the PDF (`sub`) and the permit (`pid`); the document id is fixed per permit, so a retried step
  // signs the same claims and overwrites the same object instead of leaving a second PDF behind.
  const documentId = permitDocumentId(permit.permitId);
  const token = await signDocumentToken({ typ: 'permit', tid: permit.tenantId, sub: documentId, pid: permit.permitId, v: 1 });
  const bytes = await renderPermitPdf({
    plate: permit.plate,
    zoneId: permit.zoneId,
    zoneName: permit.zoneName,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
    caseNumber: permit.caseNumber,
    issuer: { name: context.config.displayName, contactEmail: context.config.contact.email },
    verifyUrl: verifyUrl(token),
    issuedAt: permit.issuedAt,
  });
  return putIssuedDocument({
    tenantId: permit.tenantId,
    applicationId: permit.applicationId,
    kind: 'permit',
    title: 'Bewohnerparkausweis',
    fileName: `bewohnerparkausweis-${permit.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes,
    documentId,
    now: new Date(permit.issuedAt),
  });
}

/** The permit of an approved application: created once, its PDF issued once and attached to it. */
export const issueResidentParkingDocuments: IssueDocuments<ResidentParkingForm> = async (application, context) => {
  const permit = await permitOf(application, context);
  if (permit.document) return [permit.document];
  const document = await issuePermitPdf(permit, context);
  return [await attachDocument(tableFor(context.tenantId), context.tenantId, permit.permitId, document)];
};
