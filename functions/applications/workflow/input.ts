import * as z from '#core/zod';
import { tenantIdSchema } from '#core/tenant-id';
import { APPLICATION_STATUSES } from '../model.ts';

/** Every lifecycle step gets the ids only; the rest is read from the store. */
export const stepInput = z.object({
  tenantId: tenantIdSchema,
  applicationId: z.uuid(),
});

export const statusSchema = z.enum(APPLICATION_STATUSES);
