import { tableFor } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { applyConfigPatch, defaultConfig, onboardingSections, profileFromRecord } from '../domain.ts';
import { createProfileAndConfig, getConfig, getTenantRecord, renameOnboardingProfile, saveConfig, TenantNotRegistered } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

/**
 * Onboarding step 1: the tenant's profile and default configuration (idempotent). Reads the county's registry with
 * the county's credentials and writes the new tenant's partition with the new tenant's — in AWS the latter fails
 * (AccessDenied) for a tenant id that the stage does not know yet (`tenantIds` in `infra/stage-config.ts`). When an
 * earlier attempt created them, the request's sections (name, AGS, prefix, contact, URLs, services) are applied again,
 * so that the corrections of a retry reach the configuration too — as a recorded change, and only where they differ.
 */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  const record = await getTenantRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId);
  if (!record) throw new TenantNotRegistered(`Tenant ${tenantId} is not in the registry`);
  const now = new Date();
  const db = tableFor(tenantId);
  const outcome = await createProfileAndConfig(db, profileFromRecord(record, now), defaultConfig(record.request), record.createdBy);
  if (outcome === 'existed') {
    await renameOnboardingProfile(db, tenantId, { name: record.name, ags: record.ags, now });
    const current = await getConfig(db, tenantId);
    const { config, changed } = applyConfigPatch(current!.config, onboardingSections(record.request));
    if (changed.length > 0) await saveConfig(db, tenantId, current!.version, { config, changed, by: record.retriedBy ?? record.createdBy, now });
  }
  return { tenantId, profile: outcome };
});
