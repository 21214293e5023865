/**
 * Retention sweep — a scheduled function (EventBridge, daily). For every active tenant (or the tenants named in the
 * event, `{ "tenants": ["neuss"] }`) it erases the closed cases whose retention period has ended (see sweep.ts),
 * acting through the tenant access role with that tenant's session, so it can reach no other tenant's data. A
 * failing tenant does not stop the others; the run fails at the end so Lambda's retry repeats it (idempotent).
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantConfig, tenantIds } from '#functions/tenants/config';
import { sweepTenant, type SweepTotals } from './sweep.ts';
import { appendAudit } from '#functions/audit/trail';

const eventSchema = z.looseObject({
  tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))),
  /** The day the sweep acts on (ISO); the local runtime and tests move the clock with it. Default: now. */
  now: z.optional(z.iso.datetime()),
});

export class RetentionSweepFailed extends Error {
  override readonly name = 'RetentionSweepFailed';
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = event.now ? new Date(event.now) : new Date();
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active']));
  const totals: SweepTotals = { erased: 0, held: 0, stale: 0 };
  const failed: string[] = [];
  for (const tenantId of tenants) {
    try {
      const db = tableFor(tenantId);
      const config = await tenantConfig(db, tenantId);
      const result = await sweepTenant(db, tenantId, config.retention, now, ({ applicationId, subjectId }) =>
        appendAudit(db, [
          { tenantId, actorId: 'system', role: 'system', action: 'delete', recordType: 'application', recordId: applicationId, subjectId, purpose: 'retention-expired', at: now.toISOString() },
        ]),
      );
      for (const key of Object.keys(totals) as Array<keyof SweepTotals>) totals[key] += result[key];
      logger.info('Retention sweep of a tenant', { tenantId, ...result });
    } catch (error) {
      failed.push(tenantId);
      logger.error('Retention sweep of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (failed.length > 0) throw new RetentionSweepFailed(`Retention sweep failed for: ${failed.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
