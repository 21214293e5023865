/**
 * The repair of applications that a crash or a lost message left waiting for something that will not come. Every
 * state that waits has an owner that finishes it (DESIGN.md): the idempotent retry of the submission, the payment
 * provider's redelivery — and this repair, run by a schedule, tenant by tenant, from what the store finds without a
 * Scan (store.ts):
 *
 * 1. Recorded events that never reached their workflow task (pending-delivery marks; an approval also by its status):
 *    the caseworker's decision and the applicant's withdrawal are delivered again. A closed token counts as
 *    delivered, so this is idempotent.
 * 2. Applications in a status that does not end by itself, for longer than it legitimately takes:
 *    - `fee-computed` for more than the grace period: the submission (or the request to pay again) died before it
 *      started the workflow → start it (idempotent: the execution is named after the application and its payment);
 *    - `awaiting-payment` for more than the grace period: the payment is reconciled with the provider — a booking
 *      whose confirmation was lost is recorded and handed to the waiting task, long before the wait expires;
 *    - any status beyond its longest legitimate wait (a step: 15 minutes; the payment wait: the tenant's payment
 *      time; the decision wait: its timeout; each plus an hour): the execution is looked up. If it ended or never
 *      existed, the application cannot continue: its payment is cancelled or refunded and it is recorded `failed`,
 *      the applicant is told — as the workflow's own compensation would. A running execution is left to its own
 *      timeouts (the workflow times out after 90 days at the latest, and is then repaired here) and logged.
 * 3. The deadlines of hearings and requests for documents (a sub-state of `awaiting-decision` with no workflow state of
 *    its own): expired when passed, the applicant reminded before (`procedure-deadlines.ts`).
 * The grace period keeps the repair away from work in flight; an operator may shorten it for one run.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { paymentProvider } from '#functions/payments/providers';
import { reconcilePayment, settleAbandonedPayment } from '#functions/payments/lifecycle';
import { serviceDescriptor } from '#functions/services/descriptors';
import { tenantConfig } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import { deliverDecision, deliverWithdrawal } from './deliveries.ts';
import { executionOf, startWorkflow } from './executions.ts';
import { enforceStepDeadlines } from './procedure-deadlines.ts';
import { APPLICATION_STATUSES, DECISION_TIMEOUT_DAYS, FINAL_STATUSES, paymentAttemptOf, type Application, type ApplicationStatus } from './model.ts';
import { getApplication, listPendingDeliveries, listStaleApplications, markWithdrawalDelivered, type PendingDelivery } from './store.ts';
import { paymentTerms } from './workflow/context.ts';
import { recordStatus } from './workflow/record-status.ts';

export const DEFAULT_GRACE_MS = 2 * 60_000;
const STEP_MS = 15 * 60_000;
const MARGIN_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

const ACTIVE_STATUSES = APPLICATION_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));

export interface RepairCounts {
  /** Hearings and requests for documents closed because their deadline passed (`procedure-deadlines.ts`). */
  expired: number;
  /** Reminders before such a deadline. */
  reminded: number;
  started: number;
  delivered: number;
  reconciled: number;
  failed: number;
  stuck: number;
  errors: number;
}

export const noRepairs = (): RepairCounts => ({ expired: 0, reminded: 0, started: 0, delivered: 0, reconciled: 0, failed: 0, stuck: 0, errors: 0 });

type Stored = Application & Record<string, unknown>;

/** The longest an application may legitimately stay in its status; beyond it, the repair looks at its execution. */
export function longestWait(app: Pick<Application, 'status' | 'serviceId' | 'caseNumber'>, config: TenantConfig, graceMs: number): number {
  switch (app.status) {
    case 'fee-computed':
      return graceMs;
    case 'awaiting-payment':
      return paymentTerms(config, app).timeoutSeconds * 1000 + MARGIN_MS;
    case 'awaiting-decision':
      return DECISION_TIMEOUT_DAYS * DAY_MS + MARGIN_MS;
    default:
      return STEP_MS;
  }
}

/** How long an application is in `status` before the repair may have something to do with it. */
function firstLookAfter(status: ApplicationStatus, graceMs: number): number {
  if (status === 'fee-computed' || status === 'awaiting-payment') return graceMs;
  if (status === 'awaiting-decision') return DECISION_TIMEOUT_DAYS * DAY_MS + MARGIN_MS;
  return STEP_MS;
}

export async function repairTenant(db: DynamoDBDocumentClient, tenantId: string, now: Date, graceMs = DEFAULT_GRACE_MS): Promise<RepairCounts> {
  const counts = noRepairs();
  const config = await tenantConfig(db, tenantId);
  const settledBefore = new Date(now.getTime() - graceMs);
  const attempt = async (applicationId: string, work: () => Promise<keyof RepairCounts | undefined>) => {
    try {
      const outcome = await work();
      if (outcome) counts[outcome] += 1;
    } catch (error) {
      counts.errors += 1;
      logger.error('Repair of an application failed', { tenantId, applicationId, errorName: (error as Error).name, errorMessage: (error as Error).message });
    }
  };

  for (const pending of await listPendingDeliveries(db, tenantId, settledBefore)) {
    await attempt(pending.applicationId, () => redeliver(db, tenantId, pending));
  }
  try {
    const deadlines = await enforceStepDeadlines(db, tenantId, config, now);
    counts.expired += deadlines.expired;
    counts.reminded += deadlines.reminded;
  } catch (error) {
    counts.errors += 1;
    logger.error('Enforcing the deadlines of procedure steps failed', { tenantId, errorName: (error as Error).name, errorMessage: (error as Error).message });
  }
  for (const status of ACTIVE_STATUSES) {
    for (const app of await listStaleApplications(db, tenantId, status, new Date(now.getTime() - firstLookAfter(status, graceMs)))) {
      await attempt(app.applicationId, () => repairApplication(db, app, config, now, graceMs));
    }
  }
  return counts;
}

/** A recorded decision or withdrawal whose delivery was lost. */
async function redeliver(db: DynamoDBDocumentClient, tenantId: string, pending: PendingDelivery): Promise<keyof RepairCounts | undefined> {
  const app = await getApplication(db, tenantId, pending.applicationId);
  if (pending.kind === 'decision') {
    if (!app?.decision || app.decisionDelivered) return undefined;
    logger.warn('Delivering a recorded decision the workflow never got', { tenantId, applicationId: pending.applicationId });
    return (await deliverDecision(db, app, app.decision)) ? 'delivered' : 'stuck';
  }
  if (!app || FINAL_STATUSES.includes(app.status) || !app.withdrawalRequestedAt) {
    await markWithdrawalDelivered(db, tenantId, pending.applicationId);
    return undefined;
  }
  logger.warn('Delivering a requested withdrawal the workflow never got', { tenantId, applicationId: pending.applicationId });
  return (await deliverWithdrawal(db, app)) ? 'delivered' : undefined;
}

async function repairApplication(db: DynamoDBDocumentClient, app: Stored, config: TenantConfig, now: Date, graceMs: number): Promise<keyof RepairCounts | undefined> {
  const { tenantId, applicationId } = app;
  const overdue = now.getTime() - Date.parse(app.updatedAt) > longestWait(app, config, graceMs);
  if (app.status === 'approved' && app.decision && !app.decision.automatic && !app.decisionDelivered && typeof app.decisionTaskToken === 'string') {
    // A caseworker's approval without its pending-delivery mark (recorded before the marks existed): found by status.
    logger.warn('Delivering a recorded decision the workflow never got', { tenantId, applicationId });
    return (await deliverDecision(db, app, app.decision)) ? 'delivered' : 'stuck';
  }
  if (app.status === 'awaiting-payment' && app.payment?.paymentId && !overdue) {
    const { repaired } = await reconcilePayment(db, await paymentProvider(db), { tenantId, paymentId: app.payment.paymentId }, now);
    return repaired ? 'reconciled' : undefined;
  }
  if (!overdue) return undefined;

  const execution = await executionOf(app);
  if (execution.state === 'running') {
    logger.warn('Application waits longer than its status allows; its workflow still runs', { tenantId, applicationId, status: app.status });
    return 'stuck';
  }
  if (execution.state === 'missing' && app.status === 'fee-computed') {
    logger.warn('Starting the workflow of an application whose submission did not', { tenantId, applicationId });
    await startWorkflow(app, serviceDescriptor(app.serviceId)?.title ?? app.serviceId, config);
    return 'started';
  }
  // The workflow ended (or never existed) without finishing the application: it cannot continue.
  logger.error('Application abandoned by its workflow; recording it as failed', { tenantId, applicationId, status: app.status, execution: execution.state === 'ended' ? execution.status : 'missing' });
  const settled = await settleAbandonedPayment(db, await paymentProvider(db), { tenantId, applicationId, attempt: paymentAttemptOf(app), reason: 'Antrag fehlgeschlagen' }, now);
  await recordStatus({
    tenantId,
    applicationId,
    from: [...ACTIVE_STATUSES],
    to: 'failed',
    notify: 'application-failed',
    ...(settled ? { payment: { paymentId: settled.paymentId, status: settled.status } } : {}),
    ...(settled?.refund ? { refund: settled.refund.status === 'NOT_PAID' ? { status: 'NOT_PAID' } : { status: settled.refund.status, reference: settled.refund.reference } } : {}),
    ...(execution.state === 'ended' && execution.status === 'TIMED_OUT' ? { error: { Error: 'States.Timeout' } } : {}),
  });
  return 'failed';
}
