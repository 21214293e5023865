/**
 * Access exports schedule (EventBridge, every 5 minutes): the owner of export jobs whose request could not finish them
 * (a large history, a crash). For every active tenant it takes over each pending job whose lease ran out and produces
 * it; after three failed attempts the job is marked failed (the person sees it and may ask again).
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { tenantIds } from '#functions/tenants/config';
import { produceExport } from './export.ts';
import { claimExport, finishExport, pendingExportsBefore } from './requests-store.ts';

const MAX_ATTEMPTS = 3;
const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active']));
  let produced = 0;
  let failed = 0;
  for (const tenantId of tenants) {
    const db = tableFor(tenantId);
    // A tenant whose jobs cannot be listed is tried again in 5 minutes; the others go on.
    const pending = await pendingExportsBefore(db, tenantId, now).catch((error: Error) => {
      logger.error('Pending access exports could not be listed', { tenantId, error });
      return [];
    });
    for (const job of pending) {
      if (!(await claimExport(db, tenantId, job.exportId, now))) continue;
      try {
        await produceExport(db, job, now);
        produced += 1;
      } catch (error) {
        logger.error('Access export failed', { tenantId, exportId: job.exportId, error: error as Error });
        if (job.attempts + 1 >= MAX_ATTEMPTS) {
          await finishExport(db, tenantId, job.exportId, { status: 'failed', at: now });
          failed += 1;
        }
      }
    }
  }
  return { tenants: tenants.length, produced, failed };
});
