import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import * as z from '#core/zod';
import { failureReason } from '../domain.ts';
import { transitionRecord } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

const input = z.object({
  ...onboardingStepInput.shape,
  error: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
});

/** The Catch target of every onboarding step: the tenant is `failed` with a reason a county admin understands. */
export const handler = taskHandler(input, async ({ tenantId, error }) => {
  logger.warn('Onboarding failed', { tenantId, errorName: error.Error });
  await transitionRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId, {
    from: ['onboarding'],
    to: 'failed',
    now: new Date(),
    failureReason: failureReason(error.Error),
  });
  return { tenantId, status: 'failed', reason: error.Error };
});
