import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { reconcilePayment } from '#functions/payments/lifecycle';
import { PAYMENT_STATUSES } from '#functions/payments/provider';
import { paymentProvider } from '#functions/payments/providers';
import { applicationPathSchema } from './schemas.ts';
import { getApplication } from './store.ts';

const checkSchema = z.object({
  applicationId: z.string(),
  /** The payment's status after the check, as recorded (the application follows in its workflow). */
  paymentStatus: z.enum(PAYMENT_STATUSES),
  /** False when there was nothing to ask: the application does not wait for a payment (any more). */
  checked: z.boolean(),
});

/**
 * POST /applications/{id}/payment/check — the applicant is back from the provider's pay page (the return address
 * carries `?zahlung=zurueck`): the payment's status is asked for now, as XBezahldienste prescribes after the return,
 * instead of waiting for the reconciliation schedule. A final status is recorded and handed to the waiting workflow
 * exactly as a provider's confirmation would be (`reconcilePayment`; the same conditions make a confirmation that
 * also arrives by webhook or by the schedule a no-op). The same for either provider; only the applicant may ask (404
 * otherwise). Answers 200 with the payment's status; the application's own status follows in its workflow.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'read', id: 'param:id', subject: ['caller'] }, params: applicationPathSchema, responses: { 200: checkSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const app = await getApplication(db, caller.tenantId, params.id);
  if (!app || app.applicantId !== caller.userId) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const payment = app.payment;
  if (!payment) throw new NotFound('Zu diesem Antrag gibt es keine Zahlung.');
  if (app.status !== 'awaiting-payment' || payment.status !== 'INITIAL') {
    return json(200, { applicationId: app.applicationId, paymentStatus: payment.status, checked: false });
  }
  const { status } = await reconcilePayment(db, await paymentProvider(db), { tenantId: caller.tenantId, paymentId: payment.paymentId }, new Date());
  return json(200, { applicationId: app.applicationId, paymentStatus: status, checked: true });
});
