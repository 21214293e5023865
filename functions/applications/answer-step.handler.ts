import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { readItems } from '#core/item-reads';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import { claimUpload } from '#functions/documents/uploads';
import { assessForm } from '#functions/services/assessment';
import { serviceById } from '#functions/services/catalog';
import { tenantConfigRead } from '#functions/tenants/config';
import { applicationFor } from './access.ts';
import { STEP_LABELS, type DocumentRef, type StepAnswer } from './model.ts';
import { answerRefusal, correctedForm } from './procedure.ts';
import { closeStep, listSteps } from './procedure-store.ts';
import { stepAnswerSchema, stepPathSchema } from './schemas.ts';
import { ApplicationStateConflict } from './store.ts';
import { applicantApplicationSchema } from './views.ts';
import { applicantCaseView } from './case-view.ts';

/** The upload kind of a document sent with an answer (besides the kinds the service's form itself accepts). */
export const ANSWER_UPLOAD_KIND = 'procedure-answer';

/**
 * POST /applications/{id}/steps/{stepId}/answer — the applicant answers a hearing letter or a request for documents
 * within its deadline: a text, uploads (linked to the application as its documents, visible to the caseworker) and,
 * for a request, corrections of the fields it names (the whole form is checked again with the service's schema and
 * checks; a correction that would change the fee is refused). The step closes and the application is the
 * caseworker's again — one transaction with the timeline entry. A second answer, or one after the deadline: 409.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id', subject: ['caller'] }, params: stepPathSchema, body: stepAnswerSchema, responses: { 200: applicantApplicationSchema } }, async ({ params, body, caller }) => {
  const app = await applicationFor(caller, params.id);
  const db = tableFor(caller.tenantId);
  const [[config], steps] = await Promise.all([readItems(db, [tenantConfigRead(caller.tenantId)]), listSteps(db, caller.tenantId, app.applicationId)]);
  const step = steps.find((candidate) => candidate.stepId === params.stepId);
  if (!step) throw new NotFound('Das Schreiben wurde zu diesem Antrag nicht gefunden.');
  const now = new Date();
  const refusal = answerRefusal(step, berlinDate(now));
  if (refusal) throw new Conflict(refusal);

  const service = serviceById(app.serviceId);
  if (!service) throw new NotFound('Der Dienst dieses Antrags ist nicht mehr verfügbar.');
  let form: Record<string, unknown> | undefined;
  let changedFields: string[] = [];
  if (body.form && Object.keys(body.form).length > 0) {
    const corrected = correctedForm(app.form, body.form, step.kind === 'request' ? (step.fields ?? []) : []);
    if (!corrected.ok) throw new HttpProblem('unprocessable', 'Nur nachgeforderte Angaben können hier geändert werden.', corrected.errors);
    const assessed = await assessForm(service, corrected.form, { tenantId: caller.tenantId, config, now });
    if (app.fee && assessed.fee.amountCents !== app.fee.amountCents) {
      throw new HttpProblem('unprocessable', 'Diese Änderung würde die Gebühr ändern. Bitte wenden Sie sich an Ihre Verwaltung oder stellen Sie einen neuen Antrag.', [
        { field: 'body/form', message: 'Diese Änderung würde die Gebühr ändern.' },
      ]);
    }
    form = assessed.form;
    changedFields = corrected.changed;
  }
  // `linkedTo` the step: a retried answer links the same uploads again instead of failing.
  const uploaded: DocumentRef[] = await Promise.all(
    body.uploadIds.map((uploadId) =>
      claimUpload(db, {
        tenantId: caller.tenantId,
        uploadId,
        ownerId: caller.userId,
        expectedKinds: [ANSWER_UPLOAD_KIND, ...service.uploads.map((upload) => upload.kind)],
        linkedTo: step.stepId,
        now,
      }).then((document) => ({ ...document, title: `Nachgereicht zur ${STEP_LABELS[step.kind]}: ${document.fileName}` })),
    ),
  );
  const known = new Set(app.documents.map((document) => document.documentId));
  const answer: StepAnswer = {
    at: now.toISOString(),
    ...(body.text ? { text: body.text } : {}),
    documentIds: uploaded.map((document) => document.documentId),
    changedFields,
  };
  try {
    await closeStep(db, app, {
      stepId: step.stepId,
      status: 'answered',
      actor: caller.userId,
      note: `Antwort auf die ${STEP_LABELS[step.kind]} eingegangen${uploaded.length > 0 ? ` (${uploaded.length} Unterlage${uploaded.length === 1 ? '' : 'n'})` : ''}${changedFields.length > 0 ? `; geänderte Angaben: ${changedFields.join(', ')}` : ''}`,
      now,
      answer,
      set: {
        ...(form ? { form } : {}),
        ...(uploaded.length > 0 ? { documents: [...app.documents, ...uploaded.filter((document) => !known.has(document.documentId))] } : {}),
      },
    });
  } catch (error) {
    if (error instanceof ApplicationStateConflict) throw new Conflict('Auf dieses Schreiben kann nicht mehr geantwortet werden: Es wurde schon beantwortet oder die Frist ist abgelaufen.');
    throw error;
  }
  logger.info('Procedure step answered', { tenantId: caller.tenantId, applicationId: app.applicationId, stepId: step.stepId, uploads: uploaded.length, changedFields: changedFields.length });
  return json(200, await applicantCaseView(db, caller.tenantId, app.applicationId));
});
