import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '#core/problem';
import type { TenantConfig, TenantStatus } from './schemas.ts';
import { getConfig, getProfile, listTenantRecords } from './store.ts';

/**
 * The tenants capability's public API for other capabilities: a tenant's current configuration, and whether it
 * accepts new applications (active, not offboarded).
 */
export async function tenantConfig(db: DynamoDBDocumentClient, tenantId: string): Promise<TenantConfig> {
  const config = await getConfig(db, tenantId);
  if (!config) throw new NotFound(`Für den Mandanten "${tenantId}" gibt es keine Konfiguration.`);
  return config.config;
}

export async function isAcceptingApplications(db: DynamoDBDocumentClient, tenantId: string): Promise<boolean> {
  const profile = await getProfile(db, tenantId);
  return profile?.status === 'active';
}

/** The ids of the tenants in the county's registry with one of `statuses` (for scheduled jobs, tenant by tenant). */
export async function tenantIds(db: DynamoDBDocumentClient, countyId: string, statuses: readonly TenantStatus[]): Promise<string[]> {
  const ids: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listTenantRecords(db, countyId, { limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.filter((record) => statuses.includes(record.status)).map((record) => record.tenantId));
    cursor = page.cursor;
  } while (cursor);
  return ids;
}
