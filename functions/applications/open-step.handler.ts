import { randomUUID } from 'node:crypto';
import { berlinDate, germanDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { readItems } from '#core/item-reads';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import { sitePages } from '#core/site';
import { newNotification } from '#functions/notifications/outbox';
import { serviceDescriptor } from '#functions/services/descriptors';
import { tenantConfigRead } from '#functions/tenants/config';
import { procedureSettings } from '#functions/tenants/schemas';
import { STEP_LABELS, type ProcedureStep } from './model.ts';
import { sendNow } from './notify.ts';
import { deadlineRefusal, decisionWaitEnds, stepDeadline } from './procedure.ts';
import { openStep } from './procedure-store.ts';
import { applicationPathSchema, stepSchema } from './schemas.ts';
import { ApplicationStateConflict, applicationRead } from './store.ts';
import { caseworkerApplicationSchema } from './views.ts';
import { caseView } from './case-view.ts';

/**
 * POST /applications/{id}/steps — the caseworker sends a hearing letter (Anhörung, § 28 VwVfG NRW: the facts and the
 * intended decision) or asks for missing documents or details (Nachforderung), with a deadline (default: the tenant's
 * days). The application stays `awaiting-decision` — the workflow keeps waiting with its task token — and holds the
 * step as `openStep` until the applicant answers or the deadline passes (the repair schedule expires it and reminds
 * before). One step at a time; none once decided or while a withdrawal is under way (409). The applicant is told by
 * e-mail, which links to the status page where the letter and the answer form are.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id', subject: ['reply:applicantId'] }, params: applicationPathSchema, body: stepSchema, responses: { 201: caseworkerApplicationSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const [app, config] = await readItems(db, [applicationRead(caller.tenantId, params.id), tenantConfigRead(caller.tenantId)]);
  if (!app) throw new NotFound('Der Antrag wurde nicht gefunden.');
  if (app.status !== 'awaiting-decision' || app.decision) throw new Conflict('Anhörung und Nachforderung sind nur möglich, solange der Antrag auf die Entscheidung wartet.');
  if (app.openStep) throw new Conflict('Zu diesem Antrag wartet schon ein Schreiben auf die Antwort. Warten Sie die Antwort oder das Fristende ab.');

  const now = new Date();
  const today = berlinDate(now);
  const settings = procedureSettings(config);
  const deadline = stepDeadline(body.deadline, today, body.kind === 'hearing' ? settings.hearingDays : settings.requestDays);
  const refusal = deadlineRefusal(deadline, today, decisionWaitEnds(app));
  if (refusal) throw new HttpProblem('unprocessable', refusal, [{ field: 'body/deadline', message: refusal }]);
  if (body.kind === 'request') {
    const unknown = body.fields.filter((field) => !(field in app.form));
    if (unknown.length > 0) {
      throw new HttpProblem('unprocessable', 'Diese Angaben gibt es im Antrag nicht.', unknown.map((field) => ({ field: 'body/fields', message: `Das Feld „${field}“ gibt es in diesem Antrag nicht.` })));
    }
  }

  const step: ProcedureStep = {
    stepId: randomUUID(),
    applicationId: app.applicationId,
    kind: body.kind,
    status: 'open',
    createdAt: now.toISOString(),
    createdBy: caller.userId,
    deadline,
    message: body.message,
    ...(body.kind === 'hearing' ? { intendedDecision: body.intendedDecision } : { documents: body.documents, fields: body.fields }),
  };
  const serviceTitle = serviceDescriptor(app.serviceId)?.title ?? app.serviceId;
  const notification = app.applicantEmail
    ? newNotification({
        tenantId: caller.tenantId,
        to: app.applicantEmail,
        template: body.kind === 'hearing' ? 'hearing-started' : 'information-requested',
        params: { caseNumber: app.caseNumber, serviceTitle, tenantName: config.displayName, deadline: germanDate(deadline), statusUrl: sitePages.application(app.applicationId) },
        dedupeKey: `step#${step.stepId}`,
        now,
      })
    : undefined;
  try {
    await openStep(db, app, step, { note: `${STEP_LABELS[body.kind]} versandt – Antwort bis ${germanDate(deadline)}`, now, ...(notification ? { notification } : {}) });
  } catch (error) {
    if (error instanceof ApplicationStateConflict) throw new Conflict('Der Antrag hat sich inzwischen geändert (entschieden, zurückgezogen oder ein anderes Schreiben versandt). Bitte laden Sie die Seite neu.');
    throw error;
  }
  logger.info('Procedure step opened', { tenantId: caller.tenantId, applicationId: app.applicationId, stepId: step.stepId, kind: step.kind });
  if (notification) await sendNow(db, caller.tenantId, notification.notificationId, notification);
  return json(201, await caseView(db, caller.tenantId, app.applicationId));
});
