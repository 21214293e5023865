import { tableFor } from '#core/ddb';
import { taskHandler } from '#core/task';
import * as z from '#core/zod';
import { serviceById } from '#functions/services/catalog';
import type { ApplicationStatus, Decision, PaymentSummary } from '../model.ts';
import { transition } from '../store.ts';
import { loadStep } from './context.ts';
import { stepInput } from './input.ts';

/** The state of the execution; `payment` and `paymentResult` exist only after a payment (other fields are ignored). */
const input = z.object({
  ...stepInput.shape,
  payment: z.optional(z.object({ paymentId: z.string().check(z.minLength(1)) })),
  paymentResult: z.optional(z.object({ transactionReference: z.optional(z.nullable(z.string())) })),
});

/** Statuses this step leaves an application in: a retry that finds one of them returns what was recorded. */
const RECORDED: readonly ApplicationStatus[] = ['checks-passed', 'approved'];

/**
 * Lifecycle step after the payment (or right after the fee for free services), one write for all of it:
 * the payment (awaiting-payment → paid, with the cash reference), the service's automated checks (→ checks-passed,
 * findings recorded) and, where nothing needs a human, the automatic approval (→ approved). Each status gets its
 * timeline entry; the application item is written once.
 */
export const handler = taskHandler(input, async ({ tenantId, applicationId, payment, paymentResult }) => {
  const { app, service, config, now } = await loadStep(tenantId, applicationId, serviceById);
  if (RECORDED.includes(app.status)) {
    return { decision: app.status === 'approved' ? 'approve' : 'review', findings: app.findings?.length ?? 0 };
  }
  const outcome = await service.runChecks(app, { tenantId, config, now });
  const set: Record<string, unknown> = { findings: outcome.findings };
  const through: Array<{ status: ApplicationStatus; note?: string }> = [];
  if (payment && paymentResult && app.status === 'awaiting-payment') {
    const reference = paymentResult.transactionReference ?? undefined;
    set.payment = { ...app.payment, paymentId: payment.paymentId, status: 'BOOKED', ...(reference ? { transactionReference: reference } : {}) } satisfies PaymentSummary;
    through.push({ status: 'paid', note: reference ? `Zahlung eingegangen, Kassenzeichen ${reference}` : 'Zahlung eingegangen' });
  }
  const reviews = outcome.findings.filter((finding) => finding.severity === 'review').length;
  const common = { from: ['awaiting-payment', 'paid', 'fee-computed'] as ApplicationStatus[], actor: 'system', now, set, through };
  if (outcome.decision === 'approve') {
    through.push({ status: 'checks-passed', note: 'Alle Prüfungen automatisch bestanden' });
    set.decision = { outcome: 'approve', by: 'system', at: now.toISOString(), automatic: true } satisfies Decision;
    await transition(tableFor(tenantId), app, { ...common, to: 'approved', note: service.outcome.approvedAutomatically });
  } else {
    await transition(tableFor(tenantId), app, { ...common, to: 'checks-passed', note: `${reviews} Punkt(e) zur Prüfung durch die Sachbearbeitung` });
  }
  return { decision: outcome.decision, findings: outcome.findings.length };
});
