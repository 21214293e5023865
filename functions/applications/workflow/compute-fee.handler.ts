import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { formatEuro } from '../domain.ts';
import { transition } from '../store.ts';
import { loadStep, paymentTerms } from './context.ts';
import { stepInput } from './input.ts';

/** Lifecycle step: the fee from the tenant's versioned fee schedule (submitted → fee-computed). Idempotent. */
export const handler = taskHandler(stepInput, async ({ tenantId, applicationId }) => {
  const { app, service, config, now } = await loadStep(tenantId, applicationId);
  const fee = app.fee ?? service.feeFor(app.form, { tenantId, config, now });
  if (app.status === 'submitted') {
    await transition(systemTable, app, {
      from: ['submitted'],
      to: 'fee-computed',
      actor: 'system',
      now,
      note: `Gebühr: ${formatEuro(fee.amountCents)} (${fee.legalBasis})`,
      set: { fee },
    });
  }
  const terms = paymentTerms(config, app);
  return {
    amountCents: fee.amountCents,
    caseNumber: app.caseNumber,
    purpose: `${service.title} ${app.caseNumber}`,
    cashReference: terms.cashReference,
    paymentTimeoutSeconds: terms.timeoutSeconds,
  };
});
