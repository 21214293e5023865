/**
 * GET /privacy/processing-record — the tenant's record of processing activities (Art. 30 DSGVO), generated from the
 * service catalogue and the tenant configuration at the time of the request (JSON). With `?format=pdf` the same record
 * as a tagged PDF, stored below the tenant's prefix and answered as a short-lived download link.
 */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { berlinDate } from '#core/dates';
import { downloadLink, putPrivacyDocument } from './documents.ts';
import { processingRecord, processingRecordSchema } from './processing-record.ts';
import { renderProcessingRecordPdf } from './processing-record-pdf.ts';
import { downloadLinkSchema } from './schemas.ts';

const querySchema = z.strictObject({ format: z.optional(z.enum(['json', 'pdf'], { error: 'Format: json oder pdf.' })) });

export const handler = httpHandler({ audit: { record: 'processing-record', action: 'read', id: 'const:processing-record' }, query: querySchema, responses: { 200: z.union([processingRecordSchema, downloadLinkSchema]) } }, async ({ audit, query, caller }) => {
  const db = tableFor(caller.tenantId);
  const now = new Date();
  const record = processingRecord(caller.tenantId, await tenantConfig(db, caller.tenantId), now);
  if (query.format !== 'pdf') return json(200, record);
  const day = berlinDate(now);
  const document = await putPrivacyDocument(caller.tenantId, 'processing-record', `Verarbeitungsverzeichnis-${caller.tenantId}-${day}.pdf`, 'application/pdf', await renderProcessingRecordPdf(record));
  audit({ action: 'export', recordId: day, purpose: 'art-30' });
  return json(200, await downloadLink(caller.tenantId, document));
});
