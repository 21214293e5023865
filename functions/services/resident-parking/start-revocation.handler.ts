import { randomUUID } from 'node:crypto';
import { berlinDate, germanDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { readItems } from '#core/item-reads';
import { logger } from '#core/logger';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import { sitePages } from '#core/site';
import * as z from '#core/zod';
import { caseView } from '#functions/applications/case-view';
import type { ProcedureStep } from '#functions/applications/model';
import { sendNow } from '#functions/applications/notify';
import { stepDeadline } from '#functions/applications/procedure';
import { openStep } from '#functions/applications/procedure-store';
import { ApplicationStateConflict, applicationRead } from '#functions/applications/store';
import { caseworkerApplicationSchema } from '#functions/applications/views';
import { newNotification } from '#functions/notifications/outbox';
import { tenantConfigRead } from '#functions/tenants/config';
import { procedureSettings } from '#functions/tenants/schemas';
import { permitIdSchema } from './form.ts';
import { revocationDeadlineRefusal } from './revocation.ts';
import { revocationHearingSchema } from './schemas.ts';
import { getPermit, revocationProcedureStart } from './store.ts';

const paramsSchema = z.strictObject({ id: permitIdSchema });

/**
 * POST /permits/{id}/revocation — "Widerruf beabsichtigt": the caseworker sends the holder of a valid permit the
 * hearing letter before a revocation (§ 28 Abs. 1 VwVfG NRW: the facts the intended revocation rests on, a deadline —
 * by default the tenant's hearing days, at least 7 days, before the permit ends). The letter is a procedure step of
 * the permit's (completed) application: the holder reads and answers it on the status page, the repair schedule
 * reminds and expires it. One transaction writes the step, the application's `openStep` and timeline entry, the
 * permit's `revocationProcedure` and the holder's e-mail; a second procedure, or one for a revoked permit, is a 409.
 * Then the caseworker revokes (`POST /permits/{id}/revoke`) or drops it (`POST /permits/{id}/revocation/drop`).
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'update', id: 'param:id' }, params: paramsSchema, body: revocationHearingSchema, responses: { 201: caseworkerApplicationSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const permit = await getPermit(db, caller.tenantId, params.id);
  if (!permit) throw new NotFound('Der Bewohnerparkausweis wurde nicht gefunden.');
  const now = new Date();
  const today = berlinDate(now);
  if (permit.status === 'revoked' || permit.validTo < today) throw new Conflict('Der Bewohnerparkausweis ist nicht mehr gültig; ein Widerruf ist nicht mehr möglich.');
  if (permit.revocationProcedure) throw new Conflict('Zu diesem Bewohnerparkausweis läuft schon ein Widerrufsverfahren.');
  const [app, config] = await readItems(db, [applicationRead(caller.tenantId, permit.applicationId), tenantConfigRead(caller.tenantId)]);
  if (!app) throw new NotFound('Der Antrag zu diesem Bewohnerparkausweis wurde nicht gefunden.');

  const deadline = stepDeadline(body.deadline, today, procedureSettings(config).hearingDays);
  const refusal = revocationDeadlineRefusal(deadline, today, permit);
  if (refusal) throw new HttpProblem('unprocessable', refusal, [{ field: 'body/deadline', message: refusal }]);

  const step: ProcedureStep = {
    stepId: randomUUID(),
    applicationId: app.applicationId,
    kind: 'hearing',
    status: 'open',
    createdAt: now.toISOString(),
    createdBy: caller.userId,
    deadline,
    message: body.message,
    intendedDecision: 'revoke',
  };
  const to = permit.holderEmail ?? app.applicantEmail;
  const notification = to
    ? newNotification({
        tenantId: caller.tenantId,
        to,
        template: 'permit-revocation-intended',
        params: { plate: permit.plate, caseNumber: app.caseNumber, tenantName: config.displayName, deadline: germanDate(deadline), statusUrl: sitePages.application(app.applicationId) },
        dedupeKey: `revocation-intended#${step.stepId}`,
        now,
      })
    : undefined;
  try {
    await openStep(db, app, step, {
      note: `Widerruf des Bewohnerparkausweises beabsichtigt – Anhörung versandt, Antwort bis ${germanDate(deadline)}`,
      now,
      ...(notification ? { notification } : {}),
      alsoWrite: [revocationProcedureStart(permit, { stepId: step.stepId, startedAt: step.createdAt, startedBy: caller.userId })],
    });
  } catch (error) {
    if (error instanceof ApplicationStateConflict) throw new Conflict('Der Bewohnerparkausweis oder sein Antrag hat sich inzwischen geändert (widerrufen, ein anderes Schreiben versandt). Bitte laden Sie die Seite neu.');
    throw error;
  }
  logger.info('Revocation procedure started', { tenantId: caller.tenantId, permitId: permit.permitId, stepId: step.stepId });
  if (notification) await sendNow(db, caller.tenantId, notification.notificationId, notification);
  return json(201, await caseView(db, caller.tenantId, app.applicationId));
});
