/**
 * The owner of the procedure steps' deadlines (hearing, request for documents): run by the repair schedule, tenant by
 * tenant, from the sparse index of open steps (`procedure-store.ts`) — never a Scan. A step whose deadline has passed
 * is closed as `expired` (the application is the caseworker's again, who may now decide "nach Aktenlage"); a step
 * whose deadline is near gets its reminder, once. Both are conditional, so concurrent or repeated runs do nothing
 * twice; a crash between a reminder's record and its e-mail leaves the notification in the outbox, which the flush
 * sends.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays, berlinDate, germanDate } from '#core/dates';
import { logger } from '#core/logger';
import { sitePages } from '#core/site';
import { newNotification } from '#functions/notifications/outbox';
import { serviceDescriptor } from '#functions/services/descriptors';
import { procedureSettings, type TenantConfig } from '#functions/tenants/schemas';
import { STEP_LABELS, type ProcedureStep } from './model.ts';
import { sendNow } from './notify.ts';
import { deadlinePassed, reminderDue } from './procedure.ts';
import { closeStep, listDueSteps, recordReminder } from './procedure-store.ts';
import { ApplicationStateConflict, getApplication } from './store.ts';

export interface DeadlineCounts {
  expired: number;
  reminded: number;
}

/**
 * Closes an open step whose deadline has passed as `expired` — the schedule's job, and done at once by whoever finds
 * it first (a revocation right after the deadline). False when it was answered or closed meanwhile.
 */
export async function expireStep(db: DynamoDBDocumentClient, app: Parameters<typeof closeStep>[1], step: Pick<ProcedureStep, 'stepId' | 'kind' | 'deadline'>, now: Date): Promise<boolean> {
  try {
    await closeStep(db, app, { stepId: step.stepId, status: 'expired', actor: 'system', note: `Frist der ${STEP_LABELS[step.kind]} am ${germanDate(step.deadline)} ohne Antwort abgelaufen`, now });
    return true;
  } catch (error) {
    // Answered (or closed by a concurrent run) after it was read: nothing to expire.
    if (!(error instanceof ApplicationStateConflict)) throw error;
    return false;
  }
}

export async function enforceStepDeadlines(db: DynamoDBDocumentClient, tenantId: string, config: TenantConfig, now: Date): Promise<DeadlineCounts> {
  const counts: DeadlineCounts = { expired: 0, reminded: 0 };
  const today = berlinDate(now);
  const { reminderDaysBefore } = procedureSettings(config);
  // Every open step whose deadline is at most `reminderDaysBefore` days away (or past): GSI2SK starts with the deadline.
  for (const step of await listDueSteps(db, tenantId, addDays(today, reminderDaysBefore + 1))) {
    if (deadlinePassed(step, today)) {
      const app = await getApplication(db, tenantId, step.applicationId);
      if (app && (await expireStep(db, app, step, now))) counts.expired += 1;
      continue;
    }
    if (!reminderDue(step, today, reminderDaysBefore)) continue;
    const app = await getApplication(db, tenantId, step.applicationId);
    const notification = app?.applicantEmail
      ? newNotification({
          tenantId,
          to: app.applicantEmail,
          template: 'step-reminder',
          params: {
            caseNumber: app.caseNumber,
            serviceTitle: serviceDescriptor(app.serviceId)?.title ?? app.serviceId,
            tenantName: config.displayName,
            stepTitle: STEP_LABELS[step.kind],
            deadline: germanDate(step.deadline),
            statusUrl: sitePages.application(app.applicationId),
          },
          dedupeKey: `step-reminder#${step.stepId}`,
          now,
        })
      : undefined;
    if (await recordReminder(db, tenantId, step, now, notification)) {
      counts.reminded += 1;
      logger.info('Procedure step reminder recorded', { tenantId, applicationId: step.applicationId, stepId: step.stepId });
      if (notification) await sendNow(db, tenantId, notification.notificationId, notification);
    }
  }
  return counts;
}
