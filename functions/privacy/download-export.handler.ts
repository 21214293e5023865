/**
 * GET /privacy/exports/{id}/{format} — a short-lived download link for the caller's own ready export (JSON or PDF).
 * Another person's export is "not found", so its existence is not revealed.
 */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { downloadLink } from './documents.ts';
import { getExport } from './requests-store.ts';
import { downloadLinkSchema, exportFilePathSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'access-export', action: 'read', id: 'param:id', subject: ['caller'] }, params: exportFilePathSchema, responses: { 200: downloadLinkSchema }, problems: [409] }, async ({ audit, params, caller }) => {
  const db = tableFor(caller.tenantId);
  const job = await getExport(db, caller.tenantId, params.id);
  if (!job || job.userId !== caller.userId) throw new NotFound('Die Auskunft wurde nicht gefunden.');
  if (job.status !== 'ready' || !job.documents) throw new HttpProblem('conflict', 'Die Auskunft wird noch erstellt. Sie erhalten eine E-Mail, sobald sie bereitliegt.');
  audit({ purpose: `download-${params.format}` });
  return json(200, await downloadLink(caller.tenantId, job.documents[params.format]));
});
