/**
 * Recording a status change of the lifecycle: what the workflow's transition step does, and what the repair schedule
 * does for an application whose workflow is gone (it records `failed` the way the workflow's compensation would).
 */
import { berlinDate, germanDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { sitePages } from '#core/site';
import * as z from '#core/zod';
import { newNotification, notificationExists, type Notification } from '#functions/notifications/outbox';
import type { TemplateName } from '#functions/notifications/templates';
import { serviceDescriptor } from '#functions/services/descriptors';
import type { ServiceDescriptor } from '#functions/services/service';
import { formatEuro } from '../domain.ts';
import { paymentAttemptOf, payAgainUntil, type Application, type Decision, type PaymentSummary } from '../model.ts';
import { outcomeParams, sendNow } from '../notify.ts';
import { ApplicationStateConflict, transition } from '../store.ts';
import { loadStep, paymentTerms } from './context.ts';
import { statusSchema, stepInput } from './input.ts';

const paymentSchema = z.object({
  paymentId: z.string(),
  status: z.optional(z.enum(['INITIAL', 'BOOKED', 'FAILED', 'CANCELED'])),
  checkoutUrl: z.optional(z.string()),
  transactionReference: z.optional(z.nullable(z.string())),
});
const refundSchema = z.object({
  status: z.enum(['REFUNDED', 'REFUND_REQUESTED', 'NOT_PAID']),
  reference: z.optional(z.nullable(z.string())),
  /** A partial refund (a partial approval): the amount; absent when all was refunded. */
  amountCents: z.optional(z.int()),
});

export const statusStepSchema = z.object({
  ...stepInput.shape,
  from: z.array(statusSchema).check(z.minLength(1)),
  to: statusSchema,
  note: z.optional(z.string()),
  notify: z.optional(
    z.enum(['payment-requested', 'application-approved', 'application-rejected', 'application-withdrawn', 'application-expired', 'payment-failed', 'application-failed']),
  ),
  payment: z.optional(paymentSchema),
  refund: z.optional(refundSchema),
  autoApprove: z.optional(z.boolean()),
  /** The error a Catch caught (Step Functions' `{Error, Cause}`), for `failed`. */
  error: z.optional(z.object({ Error: z.string(), Cause: z.optional(z.nullable(z.string())) })),
});
export type StatusStep = z.infer<typeof statusStepSchema>;
type Input = StatusStep;

/**
 * One status change with its timeline entry and, where the applicant is told, the notification — one transaction,
 * then an immediate delivery attempt. Repeating a change that already happened is a no-op, so retries are safe.
 */
export async function recordStatus(step: StatusStep): Promise<{ status: string }> {
  const { app, service, config, now } = await loadStep(step.tenantId, step.applicationId, serviceDescriptor);
  const set: Record<string, unknown> = {};
  if (step.payment) set.payment = mergePayment(app.payment, step.payment);
  if (step.refund && step.refund.status !== 'NOT_PAID' && app.payment) {
    set.payment = {
      ...(set.payment as PaymentSummary | undefined ?? app.payment),
      refund: { status: step.refund.status, reference: step.refund.reference ?? '', at: now.toISOString(), ...(step.refund.amountCents !== undefined ? { amountCents: step.refund.amountCents } : {}) },
    };
  }
  if (step.autoApprove) set.decision = { outcome: 'approve', by: 'system', at: now.toISOString(), automatic: true } satisfies Decision;
  if (step.to === 'failed') set.failureReason = failureReason(step.error?.Error);

  const params = notificationParams(app, step, {
    service,
    tenantName: config.displayName,
    expiresAt: new Date(now.getTime() + paymentTerms(config, app).timeoutSeconds * 1000),
    now,
  });
  const notification = step.notify && app.applicantEmail
    ? newNotification({ tenantId: app.tenantId, to: app.applicantEmail, template: step.notify as TemplateName, params, dedupeKey: dedupeKey(step.notify, app), now })
    : undefined;
  try {
    await transition(tableFor(app.tenantId), app, {
      from: step.from,
      to: step.to,
      actor: 'system',
      now,
      ...(noteFor(step, service) ? { note: noteFor(step, service)! } : {}),
      set,
      ...(notification ? { notification } : {}),
    });
  } catch (error) {
    if (error instanceof ApplicationStateConflict && (await firstAttemptCommitted(app, step, notification))) return { status: app.status };
    throw error;
  }
  // Written by the transaction above (it refuses an existing notification): pending, no need to read it back.
  if (notification) await sendNow(tableFor(app.tenantId), app.tenantId, notification.notificationId, notification);
  return { status: step.to };
}

/**
 * One notification per event and payment: an applicant who pays again is asked to pay (and told of a failure) once
 * per payment. The first payment keeps the key it always had.
 */
function dedupeKey(notify: string, app: Application): string {
  const attempt = paymentAttemptOf(app);
  return attempt === 1 ? `${notify}#${app.applicationId}` : `${notify}#${app.applicationId}#${attempt}`;
}

/**
 * A retried step whose first attempt committed finds the application already in the target state. For a step that
 * keeps the status (`rejected` → `rejected` with the refund), the notification written in the same transaction
 * tells whether that transaction happened.
 */
async function firstAttemptCommitted(app: Application, step: Input, notification: Notification | undefined): Promise<boolean> {
  if (app.status !== step.to) return false;
  if (!step.from.includes(step.to)) return true;
  return notification !== undefined && (await notificationExists(tableFor(app.tenantId), app.tenantId, notification.notificationId));
}

function mergePayment(current: PaymentSummary | undefined, update: z.infer<typeof paymentSchema>): PaymentSummary {
  return {
    ...current,
    paymentId: update.paymentId,
    status: update.status ?? current?.status ?? 'INITIAL',
    ...(update.checkoutUrl ? { checkoutUrl: update.checkoutUrl } : {}),
    ...(update.transactionReference ? { transactionReference: update.transactionReference } : {}),
  };
}

function noteFor(step: Input, service: ServiceDescriptor): string | undefined {
  if (step.note) return step.note;
  if (step.refund?.status === 'REFUNDED') return `Gebühr erstattet (${step.refund.reference ?? ''})`.trim();
  if (step.refund?.status === 'REFUND_REQUESTED') return 'Erstattung bei der Stadtkasse beantragt';
  if (step.to === 'paid' && step.payment?.transactionReference) return `Zahlung eingegangen, Kassenzeichen ${step.payment.transactionReference}`;
  if (step.to === 'failed') return failureReason(step.error?.Error);
  if (step.autoApprove) return service.outcome.approvedAutomatically;
  return undefined;
}

/** What the applicant and the caseworker read when an application failed; internal error text stays in the logs. */
function failureReason(errorName: string | undefined): string {
  const refund = 'Eine bereits bezahlte Gebühr wird erstattet.';
  switch (errorName) {
    case 'States.Timeout':
      return `Der Antrag wurde nicht fristgerecht bearbeitet. ${refund}`;
    case undefined:
      return `Der Antrag konnte nicht abgeschlossen werden. ${refund}`;
    default:
      return `Bei der Bearbeitung ist ein technischer Fehler aufgetreten (${errorName}). ${refund}`;
  }
}

function notificationParams(app: Application, step: Input, extra: { service: ServiceDescriptor; tenantName: string; expiresAt: Date; now: Date }): Record<string, string> {
  // After this change: an ended payment may be made again until then (`payment-failed`, `expired`).
  const payAgain = payAgainUntil({ status: step.to, updatedAt: extra.now.toISOString(), ...(app.paymentAttempt ? { paymentAttempt: app.paymentAttempt } : {}) });
  return {
    statusUrl: sitePages.application(app.applicationId),
    payAgainUntil: payAgain ? germanDate(berlinDate(new Date(payAgain))) : '',
    caseNumber: app.caseNumber,
    ...outcomeParams(extra.service),
    serviceTitle: extra.service.title,
    tenantName: extra.tenantName,
    amount: app.fee ? formatEuro(app.fee.amountCents) : '',
    checkoutUrl: step.payment?.checkoutUrl ?? app.payment?.checkoutUrl ?? '',
    expiresAt: extra.expiresAt.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' }),
    reason: app.decision?.reason ?? '',
  };
}
