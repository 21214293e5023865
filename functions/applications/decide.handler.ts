import { crashPoint } from '#core/crash';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Conflict, HttpProblem, NotFound } from '#core/problem';
import { serviceDescriptor } from '#functions/services/descriptors';
import { tenantConfig } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import { serviceById } from '#functions/services/catalog';
import { BESCHEID_KIND, bescheidDocumentId, partialApprovalBescheid, rejectionBescheid } from './bescheid.ts';
import { caseView } from './case-view.ts';
import { deliverDecision } from './deliveries.ts';
import type { Application, Decision, DocumentRef, PartialApproval, ProcedureStep } from './model.ts';
import { hearingRefusal } from './procedure.ts';
import { listSteps } from './procedure-store.ts';
import { applicationPathSchema, decisionSchema } from './schemas.ts';
import { ApplicationStateConflict, getApplication, transition } from './store.ts';
import { caseworkerApplicationSchema } from './views.ts';

/**
 * POST /applications/{id}/decision — approve or reject an application that awaits a decision.
 *
 * A rejection is an administrative act against the applicant: it needs a hearing that was answered or whose deadline
 * passed, or the caseworker's reason why the hearing is dispensable (§ 28 VwVfG NRW; 422 otherwise), and it is issued
 * as a Bescheid — a PDF with tenor, reasons, legal basis, fee decision and the tenant's Rechtsbehelfsbelehrung, stored
 * before the decision is recorded and recorded with it among the application's documents (the applicant downloads
 * it from the status page; the rejection e-mail points there). No decision while a hearing or request waits for the
 * applicant (409).
 *
 * The decision is recorded once (a condition on the status and on no decision yet), with a pending-delivery mark,
 * and then handed to the waiting workflow. Sent twice, the same decision answers 200 again and is delivered at most
 * once; a different decision, or any decision in another state, is a 409. If the delivery is lost (a crash right
 * after recording), the repair schedule delivers it.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id', subject: ['reply:applicantId'] }, params: applicationPathSchema, body: decisionSchema, responses: { 200: caseworkerApplicationSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const [app, steps] = await Promise.all([getApplication(db, caller.tenantId, params.id), listSteps(db, caller.tenantId, params.id)]);
  if (!app) throw new NotFound('Der Antrag wurde nicht gefunden.');
  if (app.decision) return repeated(app, body);
  if (app.openStep) throw new Conflict('Zu diesem Antrag wartet noch ein Schreiben (Anhörung oder Nachforderung) auf die Antwort. Entscheiden Sie nach der Antwort oder nach dem Fristende.');
  const now = new Date();
  const config = body.outcome === 'reject' || body.partial ? await tenantConfig(db, caller.tenantId) : undefined;
  const partial = body.partial ? partialApproval(app, body.partial, config!, now) : undefined;
  const unheard = hearingRefusal(partial ? 'partial' : body.outcome, steps, body.hearingDispensation);
  if (unheard) throw new HttpProblem('unprocessable', unheard, [{ field: 'body/hearingDispensation', message: unheard }]);

  // A decision against the applicant (in whole or in part) is a Bescheid naming its legal basis and the hearing.
  const againstApplicant = body.outcome === 'reject' || partial !== undefined;
  const legalBasis = body.legalBasis ?? serviceDescriptor(app.serviceId)?.legalBasis;
  const decision: Decision = {
    outcome: body.outcome,
    ...(body.reason ? { reason: body.reason } : {}),
    by: caller.userId,
    at: now.toISOString(),
    automatic: false,
    ...(againstApplicant && legalBasis ? { legalBasis } : {}),
    ...(againstApplicant && body.hearingDispensation ? { hearingDispensation: body.hearingDispensation } : {}),
    ...(partial ? { partial } : {}),
  };
  // The Bescheid exists before the decision that names it is recorded: a crash in between leaves an object nobody
  // refers to (overwritten by the retry), never a decision without its Bescheid.
  const bescheid = againstApplicant ? await issueBescheid(app, decision, steps, config!) : undefined;
  try {
    await transition(db, app, {
      from: ['awaiting-decision'],
      to: body.outcome === 'approve' ? 'approved' : 'rejected',
      actor: caller.userId,
      now: new Date(decision.at),
      ...(body.reason ? { note: body.reason } : {}),
      set: { decision, ...(bescheid ? { documents: [...app.documents.filter((document) => document.documentId !== bescheid.documentId), bescheid] } : {}) },
      condition: 'attribute_not_exists(decision) AND attribute_not_exists(withdrawalRequestedAt) AND attribute_not_exists(openStep)',
      pendingDelivery: 'decision',
    });
  } catch (error) {
    if (!(error instanceof ApplicationStateConflict)) throw error;
    // Read again: an identical request sent at the same time may have recorded the decision after our first read.
    return repeated((await getApplication(db, caller.tenantId, params.id)) ?? app, body);
  }
  await crashPoint('after-decision-recorded');
  await deliverDecision(db, app, decision);
  return json(200, await caseView(db, caller.tenantId, params.id));

  async function repeated(current: Application & Record<string, unknown>, asked: typeof body) {
    const recorded = current.decision;
    const same = recorded && recorded.outcome === asked.outcome && Boolean(recorded.partial) === Boolean(asked.partial) && recorded.by === caller.userId;
    if (!same) throw new HttpProblem('conflict', 'Über diesen Antrag kann gerade nicht entschieden werden: Er wartet nicht (mehr) auf eine Entscheidung.');
    if (!current.decisionDelivered) await deliverDecision(db, current, recorded);
    return json(200, await caseView(db, caller.tenantId, params.id));
  }
});

/**
 * The part granted, checked by the service (422 at the field when it knows no partial approval or the part is not
 * one it can grant), with the fee of the granted part and the refund of the difference to the fee paid.
 */
function partialApproval(app: Application, grant: Record<string, unknown>, config: TenantConfig, now: Date): PartialApproval {
  const service = serviceById(app.serviceId);
  if (!service?.partialGrant) {
    throw new HttpProblem('unprocessable', 'Für diesen Dienst gibt es keine Teilbewilligung: Bewilligen Sie den Antrag oder lehnen Sie ihn ab.', [
      { field: 'body/partial', message: 'Für diesen Dienst gibt es keine Teilbewilligung.' },
    ]);
  }
  const result = service.partialGrant(app.form, grant, { tenantId: app.tenantId, config, now, fee: app.fee });
  if ('errors' in result) throw new HttpProblem('unprocessable', result.errors[0]!.message, result.errors);
  const paid = app.payment?.status === 'BOOKED' && app.fee ? app.fee.amountCents : 0;
  return {
    grant: result.grant,
    granted: result.granted,
    refused: result.refused,
    ...(result.fee ? { fee: result.fee } : {}),
    refundCents: Math.max(0, paid - (result.fee?.amountCents ?? 0)),
  };
}

/** Renders and stores the Bescheid of a rejection or partial approval (the PDF library is loaded only then). */
async function issueBescheid(app: Application, decision: Decision, steps: readonly ProcedureStep[], config: TenantConfig): Promise<DocumentRef> {
  const [{ renderBescheidPdf }, { putIssuedDocument }] = await Promise.all([import('#functions/documents/bescheid-pdf'), import('#functions/documents/store')]);
  const service = serviceDescriptor(app.serviceId);
  const common = { app, serviceTitle: service?.title ?? app.serviceId, serviceLegalBasis: service?.legalBasis, steps, config };
  const content = decision.partial ? partialApprovalBescheid({ ...common, decision: { ...decision, partial: decision.partial } }) : rejectionBescheid({ ...common, decision });
  return putIssuedDocument({
    tenantId: app.tenantId,
    applicationId: app.applicationId,
    kind: BESCHEID_KIND,
    title: decision.partial ? 'Bescheid (Teilbewilligung)' : 'Bescheid (Ablehnung)',
    fileName: `bescheid-${app.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes: await renderBescheidPdf(content),
    documentId: bescheidDocumentId(app.applicationId),
    now: new Date(decision.at),
  });
}
