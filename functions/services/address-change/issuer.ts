/**
 * Issuing after the decision on a change of address: the mover's resident parking permits of this municipality
 * (revoke or re-zone, holder notified), one handover per vehicle to the county's Zulassungsstelle (cross-tenant,
 * declared in the municipality's configuration), the Meldebestätigung PDF. Only the workflow's issuing step loads this
 * module (through `functions/services/issuers.ts`): it brings the PDF library, S3 and the e-mail client.
 */
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { IssueDocuments, ServiceContext } from '#functions/services/service';
import { tenantConfig } from '#functions/tenants/config';
import { CONFIRMATION_KIND } from './descriptor.ts';
import type { AddressChangeForm } from './form.ts';
import { declaredHandover, handoverRecords } from './handover.ts';
import { createHandover } from './store.ts';

/** `forwardedTo`: the display name of the authority the vehicles were handed over to (never its tenant id). */
async function issueConfirmation(application: Application<AddressChangeForm>, context: ServiceContext, forwardedTo: string | undefined): Promise<DocumentRef> {
  const [{ renderConfirmationPdf }, { putIssuedDocument }] = await Promise.all([import('./confirmation-pdf.ts'), import('#functions/documents/store')]);
  const { form } = application;
  const issuedAt = application.decision?.at ?? context.now.toISOString();
  const bytes = await renderConfirmationPdf({
    caseNumber: application.caseNumber,
    issuer: { name: context.config.displayName, contactEmail: context.config.contact.email },
    givenName: form.applicant.givenName,
    familyName: form.applicant.familyName,
    moveDate: form.moveDate,
    oldAddress: form.oldAddress,
    newAddress: form.newAddress,
    vehicles: form.vehicles.map((vehicle) => ({ plate: vehicle.plate, ...(forwardedTo ? { forwardedTo } : {}) })),
    issuedAt,
  });
  return putIssuedDocument({
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind: CONFIRMATION_KIND,
    title: 'Meldebestätigung',
    fileName: `meldebestaetigung-${application.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes,
    documentId: `umz-${application.applicationId}`,
    now: new Date(issuedAt),
  });
}

export const issueAddressChangeDocuments: IssueDocuments<AddressChangeForm> = async (application, context) => {
  const { form } = application;
  // 1. The mover's resident parking permits (this municipality's): revoke or re-zone, holder notified.
  const { applyMoveToPermits } = await import('#functions/services/resident-parking/move');
  const holderEmail = form.applicant.email ?? application.applicantEmail;
  const permitEffects = await applyMoveToPermits(systemTable, {
    tenantId: context.tenantId,
    holderId: application.applicantId,
    ...(holderEmail ? { holderEmail } : {}),
    oldAddress: form.oldAddress,
    newAddress: form.newAddress,
    plates: form.vehicles.map((vehicle) => vehicle.plate),
    config: context.config,
    caseNumber: application.caseNumber,
    now: context.now,
  });
  // 2. One handover per vehicle to the declared authority; one transaction each, idempotent.
  const declared = form.vehicles.length > 0 ? declaredHandover(context.config, context.tenantId) : undefined;
  if (declared) {
    for (const vehicle of form.vehicles) {
      const records = handoverRecords(application, vehicle, { to: declared.to, fromTenantName: context.config.displayName, now: context.now });
      await createHandover(systemTable, records);
    }
  }
  logger.info('Address change issued', {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    handovers: declared ? form.vehicles.length : 0,
    handoverTo: declared?.to,
    permits: permitEffects.map((effect) => effect.effect),
  });
  // 3. The Meldebestätigung names the receiving authority by its display name, as the citizen knows it.
  const receiver = declared ? (await tenantConfig(systemTable, declared.to)).displayName : undefined;
  return [await issueConfirmation(application, context, receiver)];
};
