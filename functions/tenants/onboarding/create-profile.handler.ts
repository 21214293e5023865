import { tableFor } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { defaultConfig, profileFromRecord } from '../domain.ts';
import { createProfileAndConfig, getTenantRecord, TenantNotRegistered } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

/**
 * Onboarding step 1: the tenant's profile and default configuration (idempotent). Reads the county's registry with
 * the county's credentials and writes the new tenant's partition with the new tenant's — in AWS the latter fails
 * (AccessDenied) for a tenant id that the stage does not know yet (`tenantIds` in `infra/stage-config.ts`).
 */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  const record = await getTenantRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId);
  if (!record) throw new TenantNotRegistered(`Tenant ${tenantId} is not in the registry`);
  const outcome = await createProfileAndConfig(tableFor(tenantId), profileFromRecord(record, new Date()), defaultConfig(record.request), record.createdBy);
  return { tenantId, profile: outcome };
});
