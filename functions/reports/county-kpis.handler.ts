import { berlinDate } from '#core/dates';
import { systemTable } from '#core/ddb';
import { httpHandler } from '#core/http';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import * as z from '#core/zod';
import { prefersCsv } from '#functions/training/reports/domain';
import { tenantIds } from '#functions/tenants/config';
import { kpiReply } from './kpis.handler.ts';
import { PRECISION_NOTE, kpiReportSchema, tenantKpis } from './kpis.ts';
import { kpiQuerySchema } from './schemas.ts';
import { countersOf } from './store.ts';
import { reportYear } from './years.ts';

/**
 * GET /reports/kpis/county?year= — the KPIs of every active tenant of the county side by side (the county's own
 * figures among them), JSON or CSV. The registry query and one BatchGetItem per 100 keys (KPI_SHARDS × 2 years + 1
 * per tenant: two calls for nine tenants) — the cost grows with the number of municipalities, never with the number
 * of applications. The training compliance snapshot (one query per tenant) is left out here: the county sees the
 * training per municipality in its training report (`GET /training/reports/county`, suppressed).
 */
export const handler = httpHandler(
  { query: kpiQuerySchema, responses: { 200: { 'application/json': kpiReportSchema, 'text/csv': z.string() } } },
  async ({ query, headers, caller }) => {
    requireCountyAdmin(caller);
    const today = berlinDate(new Date());
    const year = reportYear(query.year, today);
    const tenants = await tenantIds(systemTable, COUNTY_TENANT_ID, ['active']);
    const counters = await countersOf(systemTable, tenants, [year, year - 1]);
    const report = { year, generatedAt: new Date().toISOString(), precision: PRECISION_NOTE, tenants: counters.map((tenant) => tenantKpis(tenant, year, today)) };
    return kpiReply(report, query.format ?? (prefersCsv(headers.accept) ? 'csv' : 'json'), 'kreis');
  },
);
