import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import * as z from '#core/zod';
import { deliver } from '#functions/notifications/deliver';
import { newNotification, notificationPut } from '#functions/notifications/outbox';
import { berlinDate } from '#core/dates';
import { sitePages } from '#core/site';
import { documentAppend } from '#functions/applications/access';
import { listSteps, stepSettle } from '#functions/applications/procedure-store';
import { deadlinePassed } from '#functions/applications/procedure';
import { expireStep } from '#functions/applications/procedure-deadlines';
import { getApplication } from '#functions/applications/store';
import { tenantConfig } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import { issueRevocationBescheid } from './revocation-bescheid.ts';
import { permitIdSchema } from './form.ts';
import { revocationRefusal } from './revocation.ts';
import { revokePermitSchema } from './schemas.ts';
import { getPermit, getPlateLock, PermitAlreadyRevoked, PermitChanged, revokePermit } from './store.ts';

const paramsSchema = z.strictObject({ id: permitIdSchema });
const revokedSchema = z.object({ permitId: z.string(), status: z.literal('revoked'), revokedAt: z.string(), revokedBy: z.string() });

/** A concurrent change of the plate lock (e.g. a renewal being issued) cancels the transaction; we read again. */
const ATTEMPTS = 3;

/**
 * POST /permits/{id}/revoke — a caseworker revokes a permit of the tenant (e.g. the holder moved out of the zone).
 * The revocation is an administrative act against the holder (§ 35 VwVfG NRW): it needs the revocation procedure's
 * hearing (`POST /permits/{id}/revocation`) answered or expired — while the letter is open: 409 —, or the caseworker's
 * reason why the hearing is dispensable (§ 28 Abs. 2 VwVfG NRW; 422 otherwise). It is issued as a Bescheid (tenor,
 * reasons with the hearing, legal basis — by default § 49 Abs. 2 Satz 1 Nr. 3 VwVfG NRW —, fees, the tenant's
 * Rechtsbehelfsbelehrung). The PDF is stored first; then one transaction records who, when and why, ends the
 * procedure (its step marked `revoked`), releases the plate, keeps the Bescheid with the permit's application (the
 * holder downloads it from the status page) and creates the holder's notification, which is then sent (or retried by
 * the outbox). A second revocation answers 409.
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'update', id: 'param:id' }, params: paramsSchema, body: revokePermitSchema, responses: { 200: revokedSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const today = berlinDate(now);
  let notificationId: string | undefined;
  let config: TenantConfig | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const permit = await getPermit(db, caller.tenantId, params.id);
    if (!permit) throw new NotFound('Der Bewohnerparkausweis wurde nicht gefunden.');
    if (permit.status === 'revoked') throw new PermitAlreadyRevoked('Der Bewohnerparkausweis ist bereits widerrufen.');
    let steps = await listSteps(db, caller.tenantId, permit.applicationId);
    const lapsed = steps.find((step) => step.stepId === permit.revocationProcedure?.stepId && step.status === 'open' && deadlinePassed(step, today));
    if (lapsed) {
      // The deadline has passed but the schedule has not closed the letter yet: close it now, then decide.
      const app = await getApplication(db, caller.tenantId, permit.applicationId);
      if (app) await expireStep(db, app, lapsed, now);
      steps = await listSteps(db, caller.tenantId, permit.applicationId);
    }
    const refusal = revocationRefusal(permit, steps, body.hearingDispensation);
    if (refusal?.status === 'conflict') throw new Conflict(refusal.message);
    if (refusal) throw new HttpProblem('unprocessable', refusal.message, [{ field: 'body/hearingDispensation', message: refusal.message }]);
    const procedureStepId = permit.revocationProcedure?.stepId;
    const lock = await getPlateLock(db, caller.tenantId, permit.plate);
    const bescheid = await issueRevocationBescheid(permit, {
      reason: body.reason,
      steps,
      hearingDispensation: procedureStepId ? undefined : body.hearingDispensation,
      legalBasis: body.legalBasis,
      now,
      today,
      config: config ??= await tenantConfig(db, caller.tenantId),
    });
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
      await revokePermit(db, permit, lock, { reason: body.reason, by: caller.userId, now, today, ...(procedureStepId ? { procedureStepId } : {}) }, notification && notificationPut(notification), [
        documentAppend(caller.tenantId, permit.applicationId, bescheid),
        ...(procedureStepId ? [stepSettle(caller.tenantId, permit.applicationId, procedureStepId, 'revoked')] : []),
      ]);
      notificationId = notification?.notificationId;
      break;
    } catch (error) {
      // Also a procedure dropped (or started) meanwhile: read again and decide on what is there now.
      if ((error instanceof PermitChanged || error instanceof PermitAlreadyRevoked) && attempt < ATTEMPTS) continue;
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
