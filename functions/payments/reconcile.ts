/**
 * The reconciliation of open payments: a payment must not wait for a confirmation that does not come. A pull
 * provider (XBezahldienste) sends none at all, and a push provider's webhook can be lost. So every payment is in the
 * pending index from its creation until it leaves INITIAL (`store.ts`), and the schedule (`reconcile.handler.ts`)
 * asks the provider about those whose check is due (`nextStatusCheck`: after 5 minutes, then with growing pauses).
 *
 * A final status found there is recorded exactly as a provider event (`reconcilePayment` → `receivePaymentEvent`: the
 * same checks, the INITIAL → final condition, the waiting task completed under its lease), so a confirmation that
 * also arrives by webhook, or a second reconciliation, or the return page's check at the same moment, has no second
 * effect. A payment still open is rescheduled; one whose check failed too (the provider is down) as well, so it
 * cannot block the payments behind it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { nextStatusCheck } from './domain.ts';
import { reconcilePayment } from './lifecycle.ts';
import type { PaymentProvider } from './provider.ts';
import { listDuePayments, rescheduleStatusCheck } from './store.ts';

export interface ReconciliationCounts {
  /** Payments whose status was asked for. */
  checked: number;
  /** Of those, recorded final or handed to their waiting task by this run. */
  completed: number;
  /** Still open at the provider: checked again later. */
  open: number;
  errors: number;
}

export const noReconciliations = (): ReconciliationCounts => ({ checked: 0, completed: 0, open: 0, errors: 0 });

/** Reconciles a tenant's open payments whose check is due by `dueBy` (normally `now`). */
export async function reconcileDuePayments(
  db: DynamoDBDocumentClient,
  provider: PaymentProvider,
  tenantId: string,
  now: Date,
  dueBy: Date = now,
): Promise<ReconciliationCounts> {
  const counts = noReconciliations();
  for (const { paymentId, checks } of await listDuePayments(db, tenantId, dueBy)) {
    counts.checked += 1;
    try {
      const { status, repaired } = await reconcilePayment(db, provider, { tenantId, paymentId }, now);
      if (repaired) counts.completed += 1;
      if (status !== 'INITIAL') continue;
      counts.open += 1;
    } catch (error) {
      counts.errors += 1;
      logger.error('Reconciling a payment failed', { tenantId, paymentId, errorName: (error as Error).name, errorMessage: (error as Error).message });
    }
    await rescheduleStatusCheck(db, tenantId, paymentId, nextStatusCheck(checks + 1, now), now);
  }
  return counts;
}
