import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { setTenantStatus } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

/** Onboarding step 3: registry entry and profile become `active` together. */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  await setTenantStatus(systemTable, COUNTY_TENANT_ID, tenantId, { from: ['onboarding', 'active'], to: 'active', now: new Date() });
  return { tenantId, status: 'active' };
});
