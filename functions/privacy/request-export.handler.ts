/**
 * POST /privacy/exports — a signed-in person asks for everything stored about them (Art. 15 DSGVO). The job is
 * recorded first (its owner: this request, then the exports schedule once the lease ran out), then produced at once
 * when it fits into this request; a large history finishes in the schedule. Answers 202 with the job's status; the
 * person is told by e-mail when it is ready and downloads it on "Meine Daten".
 */
import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { produceExport } from './export.ts';
import { createExport, getExport, type ExportJob } from './requests-store.ts';
import { exportViewSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'access-export', action: 'create', id: 'reply:exportId', subject: ['caller'] }, responses: { 202: exportViewSchema } }, async ({ caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const job: ExportJob = { exportId: randomUUID(), tenantId: caller.tenantId, userId: caller.userId, ...(caller.email ? { email: caller.email } : {}), status: 'pending', requestedAt: now.toISOString(), attempts: 1 };
  await createExport(db, job, now);
  try {
    await produceExport(db, job, now);
  } catch (error) {
    // The job stays pending; the exports schedule takes it over when the lease runs out.
    logger.error('Access export failed; left to the schedule', { exportId: job.exportId, error: error as Error });
  }
  const stored = (await getExport(db, caller.tenantId, job.exportId))!;
  return json(202, { exportId: stored.exportId, status: stored.status, requestedAt: stored.requestedAt, ...(stored.readyAt ? { readyAt: stored.readyAt } : {}) });
});
