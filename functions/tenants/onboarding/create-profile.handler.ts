import { systemTable } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { applyConfigPatch, defaultConfig, onboardingSections, profileFromRecord } from '../domain.ts';
import { createProfileAndConfig, getConfig, getTenantRecord, renameOnboardingProfile, saveConfig, TenantNotRegistered } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

/**
 * Onboarding step 1: the tenant's profile and default configuration (idempotent). When an earlier attempt created them,
 * the request's sections (name, AGS, prefix, contact, URLs, services) are applied again, so that the corrections of a
 * retry reach the configuration too — as a recorded change, and only where they differ.
 */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  const record = await getTenantRecord(systemTable, COUNTY_TENANT_ID, tenantId);
  if (!record) throw new TenantNotRegistered(`Tenant ${tenantId} is not in the registry`);
  const now = new Date();
  const outcome = await createProfileAndConfig(systemTable, profileFromRecord(record, now), defaultConfig(record.request), record.createdBy);
  if (outcome === 'existed') {
    await renameOnboardingProfile(systemTable, tenantId, { name: record.name, ags: record.ags, now });
    const current = await getConfig(systemTable, tenantId);
    const { config, changed } = applyConfigPatch(current!.config, onboardingSections(record.request));
    if (changed.length > 0) await saveConfig(systemTable, tenantId, current!.version, { config, changed, by: record.retriedBy ?? record.createdBy, now });
  }
  return { tenantId, profile: outcome };
});
