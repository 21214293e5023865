import { systemTable } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { tenantIds } from '../tenants/config.ts';
import { overdueEnrolments, trainingStats } from './enrolments/store.ts';
import { mapWithLimit } from './employees/concurrency.ts';
import { MIN_GROUP_SIZE, SUPPRESSION_NOTE, countyCells } from './reports/domain.ts';
import { berlinDate } from '#core/dates';
import { countyReportSchema } from './report-views.ts';

/**
 * GET /training/reports/county — the county's view of the joint staff training: per municipality and course, the
 * number assigned, completed and overdue and the completion rate. Aggregates only: the overdue enrolments are reduced
 * to their course id before anything else happens, so no name or employee id can reach the answer; cells about fewer
 * than three people are suppressed (null). Reads the municipalities' partitions, hence `access: county` and the check
 * that the caller is an admin OF the county, not merely in a group of that name.
 */
export const handler = httpHandler({ responses: { 200: countyReportSchema } }, async ({ caller }) => {
  requireCountyAdmin(caller);
  const today = berlinDate(new Date());
  const tenants = await tenantIds(systemTable, COUNTY_TENANT_ID, ['active']);
  const perTenant = await mapWithLimit(tenants, 4, async (tenantId) => {
    const [stats, overdue] = await Promise.all([trainingStats(systemTable, tenantId), overdueEnrolments(systemTable, tenantId, today)]);
    return { tenantId, stats, overdueCourseIds: overdue.map((enrolment) => enrolment.courseId) };
  });
  return json(200, { date: today, minimumGroupSize: MIN_GROUP_SIZE, note: SUPPRESSION_NOTE, items: countyCells(perTenant) });
});
