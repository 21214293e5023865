import { tableFor } from '#core/ddb';
import { sitePages } from '#core/site';
import { taskHandler } from '#core/task';
import * as z from '#core/zod';
import { newNotification } from '#functions/notifications/outbox';
import { serviceDescriptor } from '#functions/services/descriptors';
import { sendNow } from '../notify.ts';
import { refreshDecisionToken, transition } from '../store.ts';
import { loadStep } from './context.ts';
import { stepInput } from './input.ts';

const input = z.object({ ...stepInput.shape, taskToken: z.string().check(z.minLength(1)) });

/**
 * Lifecycle step (`.waitForTaskToken`): the application enters the caseworker inbox. The token is stored on the
 * application; the decision handler (or a withdrawal) completes the task. A repeated invocation (a Lambda retry, a
 * replay after a restart of the local platform) finds the wait begun and only stores the token it was given: the
 * newest token is the one the task waits for, and the repair delivers a recorded decision to it.
 */
export const handler = taskHandler(input, async ({ tenantId, applicationId, taskToken }) => {
  const { app, service, config, now } = await loadStep(tenantId, applicationId, serviceDescriptor);
  if (app.status !== 'checks-passed') {
    await refreshDecisionToken(tableFor(app.tenantId), app, taskToken);
    return { waiting: true };
  }
  const notification = app.applicantEmail
    ? newNotification({
        tenantId,
        to: app.applicantEmail,
        template: 'decision-pending',
        params: { caseNumber: app.caseNumber, serviceTitle: service.title, tenantName: config.displayName, statusUrl: sitePages.application(applicationId) },
        dedupeKey: `decision-pending#${applicationId}`,
        now,
      })
    : undefined;
  await transition(tableFor(tenantId), app, {
    from: ['checks-passed'],
    to: 'awaiting-decision',
    actor: 'system',
    now,
    note: 'Wartet auf die Entscheidung der Sachbearbeitung',
    set: { decisionTaskToken: taskToken, decisionWaitSince: now.toISOString() },
    ...(notification ? { notification } : {}),
  });
  if (notification) await sendNow(tableFor(tenantId), tenantId, notification.notificationId);
  return { waiting: true };
});
