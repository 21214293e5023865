import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { sfn } from '#core/sfn';
import { abortPaymentWait } from '#functions/payments/api';
import { BUSY, WITHDRAWABLE } from './domain.ts';
import { applicationPathSchema } from './schemas.ts';
import { clearWithdrawalRequest, getApplication, requestWithdrawal } from './store.ts';

/**
 * POST /applications/{id}/withdraw — the applicant withdraws before the decision. The waiting workflow step is
 * failed with `Withdrawn`; the workflow cancels an open payment or refunds a paid fee and records `withdrawn`.
 * Answers 202; repeating the request is harmless.
 */
export const handler = httpHandler({ params: applicationPathSchema }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const app = await getApplication(db, caller.tenantId, params.id);
  if (!app || app.applicantId !== caller.userId) throw new NotFound('Der Antrag wurde nicht gefunden.');
  if (app.status === 'withdrawn') return json(200, { applicationId: app.applicationId, status: 'withdrawn' });
  if (BUSY.includes(app.status)) {
    throw new HttpProblem('conflict', 'Der Antrag wird gerade automatisch bearbeitet. Bitte versuchen Sie es in einigen Sekunden erneut.');
  }
  if (!WITHDRAWABLE.includes(app.status)) {
    throw new HttpProblem('conflict', 'Nach der Entscheidung kann der Antrag nicht mehr zurückgezogen werden.');
  }
  await requestWithdrawal(db, app, app.status, new Date());
  const cause = 'Vom Antragsteller zurückgezogen';
  let delivered = false;
  if (app.status === 'awaiting-payment' && app.payment) {
    delivered = await abortPaymentWait(caller.tenantId, app.payment.paymentId, 'Withdrawn', cause);
  } else if (app.status === 'awaiting-decision' && typeof app.decisionTaskToken === 'string') {
    try {
      await sfn.send(new SendTaskFailureCommand({ taskToken: app.decisionTaskToken, error: 'Withdrawn', cause }));
      delivered = true;
    } catch (error) {
      if (!['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'].includes((error as Error).name)) throw error;
    }
  }
  if (!delivered) {
    // Nothing reached the workflow: take the mark back, or it would block the caseworker's decision.
    await clearWithdrawalRequest(db, app);
    throw new HttpProblem('conflict', 'Der Antrag wird gerade automatisch bearbeitet. Bitte versuchen Sie es in einigen Sekunden erneut.');
  }
  return json(202, { applicationId: app.applicationId, status: 'withdrawal-requested' });
});
