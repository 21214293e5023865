/**
 * The access export (Art. 15 DSGVO): everything stored about the person (inventory.ts) as JSON — complete, machine
 * readable (also the basis of Art. 20) — plus a readable tagged PDF summary, and the information Art. 15 Abs. 1
 * lit. a–h asks for besides the data (purposes, recipients, retention: from the record of processing).
 *
 * Producing a job: read the data, render both files, store them below the tenant's prefix, mark the job ready, record
 * the export in the audit trail and tell the person (outbox). Every step can be repeated: the files are overwritten
 * under the same keys, the notification's id comes from the job.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { appendAudit } from '#functions/audit/trail';
import { deliver } from '#functions/notifications/deliver';
import { enqueue, notificationId } from '#functions/notifications/outbox';
import { sitePages } from '#core/site';
import { tenantConfig } from '#functions/tenants/config';
import { putPrivacyDocument } from './documents.ts';
import { personData, type PersonData } from './inventory.ts';
import { processingRecord, type ProcessingRecord } from './processing-record.ts';
import { renderExportPdf } from './export-pdf.ts';
import { finishExport, type ExportJob } from './requests-store.ts';

export interface AccessExport {
  format: 'openkreis-access-export/1';
  generatedAt: string;
  controller: ProcessingRecord['controller'];
  /** Art. 15 Abs. 1 lit. a–d, h: purposes, categories, recipients, retention — of the services the person used. */
  processing: ProcessingRecord['activities'];
  data: PersonData;
}

export function accessExport(data: PersonData, record: ProcessingRecord, now: Date): AccessExport {
  const used = new Set(['training', 'payments', 'notifications', 'audit-trail', ...data.applications.map(({ application }) => application.serviceId)]);
  return { format: 'openkreis-access-export/1', generatedAt: now.toISOString(), controller: record.controller, processing: record.activities.filter((activity) => used.has(activity.id)), data };
}

export async function produceExport(db: DynamoDBDocumentClient, job: ExportJob, now: Date): Promise<void> {
  const config = await tenantConfig(db, job.tenantId);
  const content = accessExport(await personData(db, job.tenantId, job.userId), processingRecord(job.tenantId, config, now), now);
  const day = now.toISOString().slice(0, 10);
  const path = `exports/${job.exportId}`;
  const [json, pdf] = await Promise.all([
    putPrivacyDocument(job.tenantId, path, `Auskunft-${day}.json`, 'application/json', new TextEncoder().encode(JSON.stringify(content, null, 2))),
    renderExportPdf(content, config.displayName).then((bytes) => putPrivacyDocument(job.tenantId, path, `Auskunft-${day}.pdf`, 'application/pdf', bytes)),
  ]);
  await appendAudit(db, [{ tenantId: job.tenantId, actorId: 'system', role: 'system', action: 'export', recordType: 'access-export', recordId: job.exportId, subjectId: job.userId, purpose: 'art-15', at: now.toISOString() }]);
  await finishExport(db, job.tenantId, job.exportId, { status: 'ready', documents: { json, pdf }, at: now });
  if (job.email) await tellPerson(db, job.tenantId, job.email, 'privacy-export-ready', config.displayName, `privacy-export#${job.exportId}`, now);
}

/** A notice to the person that links to "Meine Daten"; once per dedupe key (a repeated step sends nothing twice). */
export async function tellPerson(db: DynamoDBDocumentClient, tenantId: string, to: string, template: 'privacy-export-ready' | 'privacy-request-answered', tenantName: string, dedupeKey: string, now: Date): Promise<void> {
  await enqueue(db, { tenantId, to, template, params: { tenantName, myDataUrl: sitePages.myData() }, dedupeKey, now });
  await deliver(db, tenantId, notificationId(dedupeKey), now);
}
