import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { transition } from '../store.ts';
import { loadStep } from './context.ts';
import { stepInput } from './input.ts';

/** Lifecycle step: the service issues its documents (approved → documents-issued). Idempotent per application. */
export const handler = taskHandler(stepInput, async ({ tenantId, applicationId }) => {
  const { app, service, config, now } = await loadStep(tenantId, applicationId);
  if (app.status === 'documents-issued') return { documents: app.documents.filter((d) => d.direction === 'issued').length };
  const issued = await service.issueDocuments(app, { tenantId, config, now });
  await transition(systemTable, app, {
    from: ['approved'],
    to: 'documents-issued',
    actor: 'system',
    now,
    note: issued.map((document) => document.title).join(', '),
    set: { documents: [...app.documents, ...issued] },
  });
  return { documents: issued.length };
});
