import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { defaultConfig, profileFromRecord } from '../domain.ts';
import { createProfileAndConfig, getTenantRecord, TenantNotRegistered } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

/** Onboarding step 1: the tenant's profile and default configuration (idempotent). */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  const record = await getTenantRecord(systemTable, COUNTY_TENANT_ID, tenantId);
  if (!record) throw new TenantNotRegistered(`Tenant ${tenantId} is not in the registry`);
  const outcome = await createProfileAndConfig(systemTable, profileFromRecord(record, new Date()), defaultConfig(record.request), record.createdBy);
  return { tenantId, profile: outcome };
});
