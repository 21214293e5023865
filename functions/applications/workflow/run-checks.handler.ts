import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { transition } from '../store.ts';
import { loadStep } from './context.ts';
import { stepInput } from './input.ts';

/** Lifecycle step: the service's automated checks (paid | free → checks-passed), findings recorded. */
export const handler = taskHandler(stepInput, async ({ tenantId, applicationId }) => {
  const { app, service, config, now } = await loadStep(tenantId, applicationId);
  const outcome = await service.runChecks(app, { tenantId, config, now });
  if (app.status !== 'checks-passed') {
    const reviews = outcome.findings.filter((finding) => finding.severity === 'review').length;
    await transition(systemTable, app, {
      from: ['paid', 'fee-computed'],
      to: 'checks-passed',
      actor: 'system',
      now,
      note: outcome.decision === 'approve' ? 'Alle Prüfungen automatisch bestanden' : `${reviews} Punkt(e) zur Prüfung durch die Sachbearbeitung`,
      set: { findings: outcome.findings },
    });
  }
  return { decision: outcome.decision, findings: outcome.findings.length };
});
