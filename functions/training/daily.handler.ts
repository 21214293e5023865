/**
 * The daily training job — scheduled (EventBridge, every morning; locally `POST /local/schedules/<name>/run`). For
 * every active tenant (or the tenants named in the event, `{ "tenants": ["neuss"] }`): reminders before, on and after
 * the due date, escalation of overdue training to the tenant's administration, recertification cycles and expiry
 * (see `enrolments/daily.ts`). Each is conditional, so a repeated run sends and creates nothing twice. A failing
 * tenant does not stop the others; the run then fails at the end, so Lambda's retry repeats it (harmless, see
 * above).
 */
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { addTotals, emptyTotals, runTrainingDay } from './enrolments/daily.ts';

// A scheduled rule delivers its own envelope (`detail-type`, `time`, …); only `tenants` is ours.
const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

export class TrainingDayFailed extends Error {
  override readonly name = 'TrainingDayFailed';
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const tenants = event.tenants ?? (await tenantIds(systemTable, COUNTY_TENANT_ID, ['active']));
  const totals = emptyTotals();
  const failed: string[] = [];
  for (const tenantId of tenants) {
    try {
      const result = await runTrainingDay(systemTable, tenantId, now);
      addTotals(totals, result);
      logger.info('Training day of a tenant', { tenantId, ...result });
    } catch (error) {
      failed.push(tenantId);
      logger.error('Training day of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (failed.length > 0) throw new TrainingDayFailed(`The training day failed for: ${failed.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
