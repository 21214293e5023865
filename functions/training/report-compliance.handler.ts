import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { overdueEnrolments, trainingStats } from './enrolments/store.ts';
import { complianceCsv, complianceRows, prefersCsv } from './reports/domain.ts';
import { berlinDate } from '#core/dates';
import { complianceReportSchema } from './report-views.ts';

const querySchema = z.strictObject({
  format: z.optional(z.enum(['json', 'csv'], { error: 'format ist "json" oder "csv".' })),
});

/**
 * GET /training/reports/compliance — per course and department: assigned, completed, overdue and the completion
 * rate. JSON, or CSV for German spreadsheets (`;`, BOM, `85,7 %`) with `Accept: text/csv` or `?format=csv` (the
 * query wins over the header). From the report counters and the overdue index: a handful of reads, no scan. Status
 * only — the report knows nothing about scores or attempts.
 */
export const handler = httpHandler({ audit: { record: 'training-report', action: 'read', id: 'const:compliance' }, query: querySchema, responses: { 200: { 'application/json': complianceReportSchema, 'text/csv': z.string() } } }, async ({ query, headers, caller }) => {
  const { tenantId } = caller;
  const db = tableFor(tenantId);
  const today = berlinDate(new Date());
  const [stats, overdue] = await Promise.all([trainingStats(db, tenantId), overdueEnrolments(db, tenantId, today)]);
  const rows = complianceRows(stats, overdue);
  const vary = { vary: 'accept' };
  if ((query.format ?? (prefersCsv(headers.accept) ? 'csv' : 'json')) === 'csv') {
    return json(200, complianceCsv(rows), {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="schulungsstand-${tenantId}-${today}.csv"`,
      ...vary,
    });
  }
  return json(200, { tenantId, date: today, items: rows }, vary);
});
