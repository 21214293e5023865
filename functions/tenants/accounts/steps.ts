import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';

/** Input of the tenant-accounts workflow and its steps: ids and the cursor only, no personal data. */
export const accountsJobInput = z.object({
  tenantId: tenantIdSchema,
  action: z.enum(['disable', 'enable']),
  run: z.int().check(z.positive()),
  cursor: z.optional(z.nullable(z.string())),
});
export type AccountsJobInput = z.infer<typeof accountsJobInput>;
