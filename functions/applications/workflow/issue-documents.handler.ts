import { tableFor } from '#core/ddb';
import { sitePages } from '#core/site';
import { taskHandler } from '#core/task';
import { newNotification } from '#functions/notifications/outbox';
import { serviceDescriptor } from '#functions/services/descriptors';
import { documentIssuer } from '#functions/services/issuers';
import { outcomeParams, sendNow } from '../notify.ts';
import { transition } from '../store.ts';
import { loadStep } from './context.ts';
import { stepInput } from './input.ts';

/**
 * Lifecycle step after the approval (in whole or in part): the service issues its documents, and the application is complete
 * (approved → documents-issued → completed, one write) and the applicant is told. Idempotent per application: the
 * issuers are, and a retry after the write finds the application complete.
 */
export const handler = taskHandler(stepInput, async ({ tenantId, applicationId }) => {
  const { app, service: issueDocuments, config, now } = await loadStep(tenantId, applicationId, documentIssuer);
  if (app.status === 'documents-issued' || app.status === 'completed') {
    return { documents: app.documents.filter((d) => d.direction === 'issued').length };
  }
  // A partial approval: the documents are issued for the part granted (its fields merged over the form).
  const granted = app.decision?.partial ? { ...app, form: { ...app.form, ...app.decision.partial.grant } } : app;
  const issued = await issueDocuments(granted, { tenantId, config, now });
  const notification = app.applicantEmail
    ? newNotification({
        tenantId,
        to: app.applicantEmail,
        template: 'application-approved',
        params: { caseNumber: app.caseNumber, tenantName: config.displayName, statusUrl: sitePages.application(applicationId), ...outcomeParams(serviceDescriptor(app.serviceId)!) },
        dedupeKey: `application-approved#${applicationId}`,
        now,
      })
    : undefined;
  await transition(tableFor(tenantId), app, {
    from: ['approved'],
    to: 'completed',
    through: [{ status: 'documents-issued', note: issued.map((document) => document.title).join(', ') }],
    actor: 'system',
    now,
    set: { documents: [...app.documents, ...issued] },
    ...(notification ? { notification } : {}),
  });
  // Written by the transaction above (it refuses an existing notification): pending, no need to read it back.
  if (notification) await sendNow(tableFor(tenantId), tenantId, notification.notificationId, notification);
  return { documents: issued.length };
});
