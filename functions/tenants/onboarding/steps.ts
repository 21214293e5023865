import * as z from '#core/zod';
import { tenantIdSchema } from '#core/tenant-id';

/** Input of every onboarding step: ids only, as the execution input. */
export const onboardingStepInput = z.object({
  tenantId: tenantIdSchema,
  attempt: z.int().check(z.positive()),
});
