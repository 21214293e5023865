import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { readItems } from '#core/item-reads';
import { logger } from '#core/logger';
import { HttpProblem, NotFound } from '#core/problem';
import { serviceById } from '#functions/services/catalog';
import { acceptingApplicationsRead, tenantConfigRead } from '#functions/tenants/config';
import { payAgainRefusal, payingAgain } from './domain.ts';
import { startWorkflow } from './executions.ts';
import { PAYABLE_AGAIN, paymentAttemptOf, type Application } from './model.ts';
import { applicationPathSchema } from './schemas.ts';
import { ApplicationStateConflict, ReservationTaken, applicationRead, getApplication, transition } from './store.ts';
import { applicantApplicationSchema, applicantView } from './views.ts';

/**
 * POST /applications/{id}/payment — the applicant pays again after the payment was cancelled, failed or not made in
 * time (`payment-failed`, `expired`): the same application with its form, fee and case number gets a new payment,
 * nothing is entered again. Within `PAY_AGAIN_DAYS` after the payment ended and for `MAX_PAYMENT_ATTEMPTS` payments
 * in all (`payAgainRefusal` says why not, 409).
 *
 * The service's submission checks run again (the same 422s: e.g. the zone), and the value the application reserves
 * — the plate — is taken back in the same write that reopens it; someone else's application or permit holding it
 * meanwhile is refused with the service's own 409/422. The application returns to `fee-computed` with the next
 * payment number and a new workflow execution for it starts at the payment (`executions.ts`); if that start is lost,
 * the repair schedule starts it. Answers 202 with the applicant's view; the checkout link follows as with a new
 * application. Repeating the request while the new payment is under way answers the same, and starts nothing twice.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id', subject: ['caller'] }, params: applicationPathSchema, responses: { 202: applicantApplicationSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const [app, config, accepting] = await readItems(db, [
    applicationRead(caller.tenantId, params.id),
    tenantConfigRead(caller.tenantId),
    acceptingApplicationsRead(caller.tenantId),
  ]);
  if (!app || app.applicantId !== caller.userId) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const service = serviceById(app.serviceId);
  if (!service) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const reply = async (current: Application) => {
    // The start may have been lost with an earlier request: starting it again is harmless (idempotent name).
    if (current.status === 'fee-computed') {
      await startWorkflow(current, service.title, config).catch((error: Error) =>
        logger.error('Could not start the workflow of a new payment; the repair schedule will', { tenantId: current.tenantId, applicationId: current.applicationId, errorName: error.name }),
      );
    }
    return json(202, applicantView(current));
  };
  if (payingAgain(app)) return reply(app);

  const now = new Date();
  const refusal = payAgainRefusal(app, now);
  if (refusal) throw new HttpProblem('conflict', refusal);
  if (!accepting || !config.enabledServices.includes(app.serviceId)) {
    throw new HttpProblem('conflict', 'Diese Verwaltung nimmt derzeit keine Online-Anträge an.');
  }
  // What was true at submission may have changed (the tenant's zones, its validity options): the same checks.
  await service.assess(app.form, {
    tenantId: caller.tenantId,
    config,
    now,
    filer: app.channel === 'counter' ? { atCounter: true } : { applicantId: app.applicantId, atCounter: false },
  });

  const attempt = paymentAttemptOf(app) + 1;
  const supersedes = service.reservation?.supersedes?.(app.form);
  try {
    await transition(db, app, {
      from: PAYABLE_AGAIN,
      to: 'fee-computed',
      actor: caller.userId,
      now,
      note: 'Erneute Zahlung gewünscht: Die Gebühr ist wieder zu zahlen',
      set: { paymentAttempt: attempt },
      // The payment of the ended attempt, and whatever the ended run left, belong to that run.
      remove: ['payment', 'failureReason', 'withdrawalRequestedAt'],
      ...(service.reservation ? { reclaim: { today: berlinDate(now), ...(supersedes ? { supersedes } : {}) } } : {}),
    });
  } catch (error) {
    if (error instanceof ReservationTaken) {
      // The service's own words (409: another application runs; 422: a permit holds it), without the form's field
      // paths: this request has no form.
      const taken = service.reservation!.refusal(error.held);
      throw new HttpProblem(taken.kind, taken.message);
    }
    if (!(error instanceof ApplicationStateConflict)) throw error;
    // A concurrent identical request reopened it first: its answer is ours.
    const current = await getApplication(db, caller.tenantId, params.id);
    if (current && payingAgain(current)) return reply(current);
    throw new HttpProblem('conflict', 'Der Antrag hat sich gerade geändert. Bitte laden Sie die Seite neu.');
  }
  const { payment: _payment, failureReason: _reason, withdrawalRequestedAt: _withdrawal, ...rest } = app;
  return reply({ ...rest, status: 'fee-computed', paymentAttempt: attempt, updatedAt: now.toISOString() });
});
