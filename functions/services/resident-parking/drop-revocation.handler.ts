import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Conflict, NotFound } from '#core/problem';
import * as z from '#core/zod';
import { caseView } from '#functions/applications/case-view';
import { closeStep, listSteps, stepSettle } from '#functions/applications/procedure-store';
import { ApplicationStateConflict, getApplication, transition } from '#functions/applications/store';
import { caseworkerApplicationSchema } from '#functions/applications/views';
import { permitIdSchema } from './form.ts';
import { dropRevocationSchema } from './schemas.ts';
import { getPermit, revocationProcedureEnd } from './store.ts';

const paramsSchema = z.strictObject({ id: permitIdSchema });

/**
 * POST /permits/{id}/revocation/drop — the caseworker does not pursue the intended revocation (e.g. the holder's
 * answer showed they still live in the zone). The permit stays valid; the hearing letter is closed as `cancelled`
 * when it was still open (the holder no longer needs to answer) or marked `dropped` after the answer or the deadline;
 * the reason goes into the application's timeline — one transaction. Without a running procedure: 409.
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'update', id: 'param:id' }, params: paramsSchema, body: dropRevocationSchema, responses: { 200: caseworkerApplicationSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const permit = await getPermit(db, caller.tenantId, params.id);
  if (!permit) throw new NotFound('Der Bewohnerparkausweis wurde nicht gefunden.');
  const procedure = permit.revocationProcedure;
  if (permit.status !== 'valid' || !procedure) throw new Conflict('Zu diesem Bewohnerparkausweis läuft kein Widerrufsverfahren.');
  const [app, steps] = await Promise.all([getApplication(db, caller.tenantId, permit.applicationId), listSteps(db, caller.tenantId, permit.applicationId)]);
  const step = steps.find((candidate) => candidate.stepId === procedure.stepId);
  if (!app || !step) throw new NotFound('Das Anhörungsschreiben zu diesem Widerrufsverfahren wurde nicht gefunden.');
  const now = new Date();
  const note = `Widerruf des Bewohnerparkausweises wird nicht weiter verfolgt: ${body.reason}`;
  try {
    if (step.status === 'open') {
      await closeStep(db, app, { stepId: step.stepId, status: 'cancelled', actor: caller.userId, note, now, stepSet: { outcome: 'dropped' }, alsoWrite: [revocationProcedureEnd(permit, step.stepId)] });
    } else {
      await transition(db, app, {
        from: ['completed'],
        to: 'completed',
        actor: caller.userId,
        now,
        note,
        alsoWrite: [stepSettle(caller.tenantId, app.applicationId, step.stepId, 'dropped'), revocationProcedureEnd(permit, step.stepId)],
      });
    }
  } catch (error) {
    if (error instanceof ApplicationStateConflict) throw new Conflict('Das Widerrufsverfahren hat sich inzwischen geändert (beantwortet, widerrufen oder schon eingestellt). Bitte laden Sie die Seite neu.');
    throw error;
  }
  logger.info('Revocation procedure dropped', { tenantId: caller.tenantId, permitId: permit.permitId, stepId: step.stepId });
  return json(200, await caseView(db, caller.tenantId, app.applicationId));
});
