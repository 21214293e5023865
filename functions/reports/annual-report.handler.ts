import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { renderAnnualReportPdf } from './annual-report-pdf.ts';
import { tenantKpis } from './kpis.ts';
import { yearField } from './schemas.ts';
import { countersOf, trainingSnapshot } from './store.ts';
import { reportYear } from './years.ts';

/**
 * GET /reports/annual-report?year= — the annual e-government report of the caller's tenant as a tagged PDF: the same
 * figures as `GET /reports/kpis` (the same three reads), rendered on request — nothing is stored, so a report is
 * never out of date.
 */
export const handler = httpHandler(
  { query: z.strictObject({ year: z.optional(yearField) }), responses: { 200: { 'application/pdf': z.string() } } },
  async ({ query, caller }) => {
    const { tenantId } = caller;
    const db = tableFor(tenantId);
    const now = new Date();
    const today = berlinDate(now);
    const year = reportYear(query.year, today);
    const [[counters], current, previous] = await Promise.all([
      countersOf(db, [tenantId], [year, year - 1]),
      trainingSnapshot(db, tenantId, `${year}-12-31` < today ? `${year}-12-31` : today),
      trainingSnapshot(db, tenantId, `${year - 1}-12-31`),
    ]);
    const pdf = await renderAnnualReportPdf({ kpis: tenantKpis(counters!, year, today, { current, previous }), asOf: today, createdAt: now });
    return json(200, Buffer.from(pdf), {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="jahresbericht-${tenantId}-${year}.pdf"`,
    });
  },
);
