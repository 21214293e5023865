import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { deliver } from '#functions/notifications/deliver';
import { newNotification, notificationPut } from '#functions/notifications/outbox';
import { berlinDate } from '#core/dates';
import { sitePages } from '#core/site';
import { documentAppend } from '#functions/applications/access';
import { BESCHEID_KIND, revocationBescheid } from '#functions/applications/bescheid';
import type { DocumentRef } from '#functions/applications/model';
import { tenantConfig } from '#functions/tenants/config';
import type { ResidentParkingPermit } from './permit.ts';
import { permitIdSchema } from './form.ts';
import { revokePermitSchema } from './schemas.ts';
import { getPermit, getPlateLock, PermitAlreadyRevoked, PermitChanged, revokePermit } from './store.ts';

const paramsSchema = z.strictObject({ id: permitIdSchema });
const revokedSchema = z.object({ permitId: z.string(), status: z.literal('revoked'), revokedAt: z.string(), revokedBy: z.string() });

/** A concurrent change of the plate lock (e.g. a renewal being issued) cancels the transaction; we read again. */
const ATTEMPTS = 3;

/**
 * POST /permits/{id}/revoke — a caseworker revokes a permit of the tenant (e.g. the holder moved out of the zone).
 * The revocation is an administrative act against the holder: the caseworker states the hearing (when and how, or why
 * it was dispensable, § 28 VwVfG NRW), and the revocation is issued as a Bescheid (tenor, reasons, legal basis — by
 * default § 49 Abs. 2 Satz 1 Nr. 3 VwVfG NRW —, fees, the tenant's Rechtsbehelfsbelehrung). The PDF is stored first;
 * then one transaction records who, when and why, releases the plate, keeps the Bescheid with the permit's
 * application (the holder downloads it from the status page) and creates the holder's notification, which is then
 * sent (or retried by the outbox). A second revocation answers 409.
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'update', id: 'param:id' }, params: paramsSchema, body: revokePermitSchema, responses: { 200: revokedSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const today = berlinDate(now);
  let notificationId: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const permit = await getPermit(db, caller.tenantId, params.id);
    if (!permit) throw new NotFound('Der Bewohnerparkausweis wurde nicht gefunden.');
    if (permit.status === 'revoked') throw new PermitAlreadyRevoked('Der Bewohnerparkausweis ist bereits widerrufen.');
    const lock = await getPlateLock(db, caller.tenantId, permit.plate);
    const bescheid = await issueRevocationBescheid(permit, { reason: body.reason, hearing: body.hearing, legalBasis: body.legalBasis, now, today }, caller.tenantId);
    const notification = permit.holderEmail
      ? newNotification({
          tenantId: caller.tenantId,
          to: permit.holderEmail,
          template: 'permit-revoked',
          params: { plate: permit.plate, reason: body.reason, statusUrl: sitePages.application(permit.applicationId) },
          dedupeKey: `permit-revoked#${permit.permitId}`,
          now,
        })
      : undefined;
    try {
      await revokePermit(db, permit, lock, { reason: body.reason, by: caller.userId, now, today }, notification && notificationPut(notification), [
        documentAppend(caller.tenantId, permit.applicationId, bescheid),
      ]);
      notificationId = notification?.notificationId;
      break;
    } catch (error) {
      if (error instanceof PermitChanged && attempt < ATTEMPTS) continue;
      throw error;
    }
  }
  logger.info('Permit revoked', { tenantId: caller.tenantId, permitId: params.id, by: caller.userId, notified: notificationId !== undefined });
  if (notificationId) {
    // The revocation is committed; a failure to send is the outbox's to retry, not this request's to fail.
    await deliver(db, caller.tenantId, notificationId, now).catch((error: Error) =>
      logger.warn('Revocation notice not sent yet', { tenantId: caller.tenantId, notificationId, errorName: error.name }),
    );
  }
  return json(200, { permitId: params.id, status: 'revoked', revokedAt: now.toISOString(), revokedBy: caller.userId });
});

/** Renders and stores the revocation Bescheid under a deterministic id (a retried revocation overwrites it). */
async function issueRevocationBescheid(
  permit: ResidentParkingPermit,
  revocation: { reason: string; hearing: string; legalBasis?: string | undefined; now: Date; today: string },
  tenantId: string,
): Promise<DocumentRef> {
  const [{ renderBescheidPdf }, { putIssuedDocument }] = await Promise.all([import('#functions/documents/bescheid-pdf'), import('#functions/documents/store')]);
  const content = revocationBescheid({
    permit,
    revokedAt: revocation.now.toISOString(),
    revokedOn: revocation.today,
    reason: revocation.reason,
    hearing: revocation.hearing,
    legalBasis: revocation.legalBasis,
    config: await tenantConfig(tableFor(tenantId), tenantId),
  });
  return putIssuedDocument({
    tenantId,
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
