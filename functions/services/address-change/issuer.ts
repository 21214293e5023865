/**
 * Issuing after the decision on a change of address: the mover's resident parking permits of this municipality
 * (revoke or re-zone, holder notified), one handover per vehicle to the county's Zulassungsstelle (cross-tenant:
 * declared in the municipality's configuration AND accepted by the county), the Meldebestätigung PDF. Only the
 * workflow's issuing step loads this module (through `functions/services/issuers.ts`): it brings the PDF library, S3
 * and the e-mail client.
 *
 * Credentials: every write goes through `tableFor(<the tenant whose partition it writes>)` — in AWS the tenant access
 * role with that tenant as session tag, so IAM (`dynamodb:LeadingKeys`) refuses anything outside that partition. One
 * transaction cannot span two tags, so a handover is two writes, receiver first:
 * 1. the receiver's task + published status, one transaction on its partition, conditional on its acceptance;
 * 2. the sender's mirror, on the sender's partition.
 * Both are conditional puts of a deterministic handover id: a retried step (the workflow retries this step) finds
 * step 1 `exists` and completes step 2; nothing is written twice. A crash between them leaves a task the county can
 * work while the municipality's mirror is missing until the retry — never the reverse (a mirror claiming a handover
 * the county never got).
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { IssueDocuments, ServiceContext } from '#functions/services/service';
import { handoverAcceptanceCondition, tenantConfig } from '#functions/tenants/config';
import { CONFIRMATION_KIND } from './descriptor.ts';
import type { AddressChangeForm } from './form.ts';
import { declaredHandover, handoverRecords, SERVICE_ID, STICKER_TASK, VEHICLE_TASK } from './handover.ts';
import { createMirror, createReceiverRecords } from './store.ts';
import { vehicleSettings } from './variant.ts';

/**
 * `forwarded`: plate → the tenant the vehicle's task went to (the town itself for a pilot sticker); the PDF names
 * authorities by their display names (`names`), never by tenant id.
 */
async function issueConfirmation(
  application: Application<AddressChangeForm>,
  context: ServiceContext,
  forwarded: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): Promise<DocumentRef> {
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
    vehicles: form.vehicles.map((vehicle) => {
      const receiver = forwarded.get(vehicle.plate);
      if (receiver === undefined) return { plate: vehicle.plate };
      return receiver === context.tenantId ? { plate: vehicle.plate, stickerBy: context.config.displayName } : { plate: vehicle.plate, forwardedTo: names.get(receiver)! };
    }),
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
  const ownTable = tableFor(context.tenantId);
  // 1. The mover's resident parking permits (this municipality's): revoke or re-zone, holder notified.
  const { applyMoveToPermits } = await import('#functions/services/resident-parking/move');
  const holderEmail = form.applicant.email ?? application.applicantEmail;
  const permitEffects = await applyMoveToPermits(ownTable, {
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
  // 2. One task per vehicle: in the pilot the town office's own sticker task (reported to the county when done), else
  //    a handover to the county where the municipality declares it and the receiver accepts it (see the top).
  const pilot = vehicleSettings(context.config).vehicleVariant === 'town-office-sticker';
  const forwarded = pilot ? await stickerTasks(application, context) : await handOver(application, context);
  logger.info('Address change issued', {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    handovers: forwarded.size,
    notHandedOver: form.vehicles.length - forwarded.size,
    permits: permitEffects.map((effect) => effect.effect),
  });
  // 3. The Meldebestätigung names the receiving authority by its display name, as the citizen knows it.
  return [await issueConfirmation(application, context, forwarded, await receiverNames(forwarded, context.tenantId))];
};

/** Receiving tenant → its display name, read with the receiver's own credentials (the town's own name is known). */
async function receiverNames(forwarded: ReadonlyMap<string, string>, own: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const receiver of new Set(forwarded.values())) {
    if (receiver !== own) names.set(receiver, (await tenantConfig(tableFor(receiver), receiver)).displayName);
  }
  return names;
}


/**
 * Pilot (`town-office-sticker`): one sticker task per vehicle in the town's OWN partition — the same records as a
 * handover (task, published status, mirror) with the town as the working office, so the status, the news to the
 * citizen and the ZB I correction work alike. No agreement is needed: nothing leaves the town's partition here; the
 * county hears of each sticker once it is on (`outcome.ts`, the report). Returns plate → the town.
 */
async function stickerTasks(application: Application<AddressChangeForm>, context: ServiceContext): Promise<Map<string, string>> {
  const forwarded = new Map<string, string>();
  const own = tableFor(context.tenantId);
  for (const vehicle of application.form.vehicles) {
    const records = handoverRecords(application, vehicle, { to: context.tenantId, fromTenantName: context.config.displayName, now: context.now, task: STICKER_TASK });
    await createReceiverRecords(own, records, undefined);
    await createMirror(own, context.tenantId, records.mirror);
    forwarded.set(vehicle.plate, context.tenantId);
  }
  return forwarded;
}

/** Makes the handovers; returns plate → receiving tenant for the vehicles that were handed over (now or before). */
async function handOver(application: Application<AddressChangeForm>, context: ServiceContext): Promise<Map<string, string>> {
  const forwarded = new Map<string, string>();
  const declared = application.form.vehicles.length > 0 ? declaredHandover(context.config, context.tenantId) : undefined;
  if (!declared) return forwarded;
  const receiverTable = tableFor(declared.to);
  const acceptance = handoverAcceptanceCondition({ receiver: declared.to, from: context.tenantId, service: SERVICE_ID, task: VEHICLE_TASK });
  for (const vehicle of application.form.vehicles) {
    const records = handoverRecords(application, vehicle, { to: declared.to, fromTenantName: context.config.displayName, now: context.now });
    const outcome = await createReceiverRecords(receiverTable, records, acceptance);
    if (outcome === 'not-accepted') {
      logger.warn('Handover not accepted by the receiver; the vehicle is not handed over', {
        tenantId: context.tenantId,
        applicationId: application.applicationId,
        handoverId: records.task.handoverId,
        receiver: declared.to,
      });
      continue;
    }
    await createMirror(tableFor(context.tenantId), context.tenantId, records.mirror);
    forwarded.set(vehicle.plate, declared.to);
  }
  return forwarded;
}
