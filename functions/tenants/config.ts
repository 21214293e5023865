import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '#core/problem';
import type { ItemRead } from '#core/item-reads';
import type { TenantProfile, VersionedConfig } from './domain.ts';
import type { TenantConfig, TenantStatus } from './schemas.ts';
import { configRead, getConfig, getProfile, listTenantRecords, profileRead } from './store.ts';
import type { HandoverAcceptance } from './handover-agreements/domain.ts';
import { acceptanceCondition, acceptancesFor, type AcceptanceRef } from './handover-agreements/store.ts';

/**
 * The tenants capability's public API for other capabilities: a tenant's current configuration, whether it accepts
 * new applications (active, not offboarded), and the handover agreements between tenants.
 */
export async function tenantConfig(db: DynamoDBDocumentClient, tenantId: string): Promise<TenantConfig> {
  return currentConfig(tenantId, await getConfig(db, tenantId));
}

/** What an authority publishes about itself — its name and legal pages — for the public pages that speak for it. */
export async function publicAuthority(db: DynamoDBDocumentClient, tenantId: string): Promise<{ name: string; urls: TenantConfig['urls'] }> {
  const config = await tenantConfig(db, tenantId);
  return { name: config.displayName, urls: config.urls };
}

export async function isAcceptingApplications(db: DynamoDBDocumentClient, tenantId: string): Promise<boolean> {
  return acceptsApplications(await getProfile(db, tenantId));
}

/** `tenantConfig` as a read for `readItems`, to fetch it in one call with other items. */
export function tenantConfigRead(tenantId: string): ItemRead<TenantConfig> {
  const read = configRead(tenantId);
  return { key: read.key, parse: (item) => currentConfig(tenantId, read.parse(item)) };
}

/** `isAcceptingApplications` as a read for `readItems`. */
export function acceptingApplicationsRead(tenantId: string): ItemRead<boolean> {
  const read = profileRead(tenantId);
  return { key: read.key, parse: (item) => acceptsApplications(read.parse(item)) };
}

function currentConfig(tenantId: string, config: VersionedConfig | undefined): TenantConfig {
  if (!config) throw new NotFound(`Für den Mandanten "${tenantId}" gibt es keine Konfiguration.`);
  return config.config;
}

function acceptsApplications(profile: TenantProfile | undefined): boolean {
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

/** What receivers accept from `sender` (read with `sender`'s own credentials; see the agreements store). */
export function handoverAcceptancesFor(db: DynamoDBDocumentClient, sender: string): Promise<HandoverAcceptance[]> {
  return acceptancesFor(db, sender);
}

/**
 * A `ConditionCheck` for a transaction that writes a handover into `ref.receiver`'s partition: the transaction is
 * cancelled unless the receiver accepts this handover at that moment.
 */
export function handoverAcceptanceCondition(ref: AcceptanceRef) {
  return acceptanceCondition(ref);
}
