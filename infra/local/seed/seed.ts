import type { LocalUserPool } from '../emulators/cognito-pools.ts';
import { createUser } from '../emulators/cognito-pools.ts';
import { COUNTY_ID, DEMO_FEES, SEED_TENANTS, SEED_USERS } from './county.ts';

/**
 * Seeds the county and its municipalities (active, configured) and one demo user per role and tenant.
 * Idempotent: what exists is left as it is, so a restart keeps every change made through the API.
 * Imported after the local environment is set, because the stores read their configuration at load time.
 */
export async function seedCounty(pool: LocalUserPool, password: string): Promise<{ tenantsCreated: number; users: number }> {
  const { systemTable } = await import('#functions/core/ddb');
  const store = await import('#functions/tenants/store');
  const { newTenantRecord, defaultConfig, profileFromRecord } = await import('#functions/tenants/domain');
  const now = new Date();
  let tenantsCreated = 0;
  for (const tenant of SEED_TENANTS) {
    const record = { ...newTenantRecord(tenant.input, { userId: 'seed', now }), status: 'active' as const };
    try {
      await store.registerTenant(systemTable, COUNTY_ID, record);
    } catch (error) {
      if (error instanceof store.TenantAlreadyExists) continue;
      throw error;
    }
    const config = {
      ...defaultConfig(tenant.input),
      parkingZones: tenant.parkingZones,
      feeSchedules: tenant.kind === 'municipality' ? DEMO_FEES : {},
      ...(tenant.residentParking ? { residentParking: tenant.residentParking } : {}),
    };
    await store.createProfileAndConfig(systemTable, { ...profileFromRecord(record, now), status: 'active' }, config, 'seed');
    tenantsCreated += 1;
  }
  for (const user of SEED_USERS) {
    await createUser(pool, { username: user.username, password, tenantId: user.tenantId, groups: user.roles, name: user.name });
  }
  return { tenantsCreated, users: SEED_USERS.length };
}
