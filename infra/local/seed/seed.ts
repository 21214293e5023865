import type { LocalUserPool } from '../emulators/cognito-pools.ts';
import { createUser } from '../emulators/cognito-pools.ts';
import { randomUUID } from 'node:crypto';
import { COUNTY_ID, DEMO_FEES, SEED_HANDOVER_ACCEPTANCES, SEED_TENANTS, SEED_USERS, STAFF_DEPARTMENTS, XBEZAHLDIENSTE_TENANT, xbezahldiensteSandbox } from './county.ts';

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
      if (!(error instanceof store.TenantAlreadyExists)) throw error;
      // Data of an earlier version registered tenants without claiming their AGS and prefix.
      const taken = await store.claimTenantKeys(systemTable, COUNTY_ID, record);
      if (taken.length > 0) console.warn(`seed: ${record.tenantId}: ${taken.join(', ')} already held by another tenant`);
      continue;
    }
    const config = {
      ...defaultConfig(tenant.input),
      parkingZones: tenant.parkingZones,
      feeSchedules: tenant.kind === 'municipality' ? DEMO_FEES : {},
      ...(tenant.residentParking ? { residentParking: tenant.residentParking } : {}),
      ...(tenant.handovers ? { handovers: tenant.handovers } : {}),
      ...(tenant.input.id === XBEZAHLDIENSTE_TENANT ? { payment: xbezahldiensteSandbox(tenant.input, process.env.PUBLIC_API_URL!) } : {}),
      ...(tenant.addressChange ? { addressChange: tenant.addressChange } : {}),
    };
    await store.createProfileAndConfig(systemTable, { ...profileFromRecord(record, now), status: 'active' }, config, 'seed');
    tenantsCreated += 1;
  }
  // The receiving side of the pilot's handover agreements (the senders declare theirs in their configuration).
  const agreements = await import('#functions/tenants/handover-agreements/store');
  for (const { reference, ...ref } of SEED_HANDOVER_ACCEPTANCES) {
    if (!(await agreements.getAcceptance(systemTable, ref))) await agreements.saveAcceptance(systemTable, ref, { reference, by: 'seed', now }, undefined);
  }
  const { putEmployees } = await import('#functions/training/employees/store');
  const employees = new Map<string, Parameters<typeof putEmployees>[1][number][]>();
  for (const user of SEED_USERS) {
    const { sub } = await createUser(pool, { username: user.username, password, tenantId: user.tenantId, groups: user.roles, name: user.name, ...(user.trustLevel ? { trustLevel: user.trustLevel } : {}) });
    const staff = STAFF_DEPARTMENTS[user.roles[0]!];
    if (!staff) continue;
    const list = employees.get(user.tenantId) ?? [];
    list.push({
      employeeId: sub,
      tenantId: user.tenantId,
      name: user.name,
      email: user.username,
      department: staff.department,
      jobRole: staff.jobRole,
      startDate: '2024-01-02',
      pseudonym: randomUUID(),
      createdAt: now.toISOString(),
    });
    employees.set(user.tenantId, list);
  }
  // Staff are also employees of the training module (pseudonyms stay as they are on a restart).
  for (const list of employees.values()) await putEmployees(systemTable, list, now);
  // A few invented entries of the building-encumbrance register (Neuss, Jüchen), idempotent.
  const { seedDemoBaulasten } = await import('./baulasten.ts');
  await seedDemoBaulasten(now);
  return { tenantsCreated, users: SEED_USERS.length };
}
