/**
 * Whether a tenant is deactivated: every request that acts for a tenant asks this (the HTTP middleware), so a
 * deactivated tenant's tokens are refused while they are still within their lifetime.
 *
 * The status lives on the tenant's profile, `<tenantId>#TENANT` / `PROFILE`, which the tenants store writes; the key is
 * defined here so that core does not depend on that capability (the store builds its profile key with this function).
 * The read uses the caller's tenant-scoped credentials: the profile is in the caller's own partition.
 *
 * Cost: one strongly consistent GetItem (1 read unit) per tenant and warm container every {@link STATUS_TTL_MS}, not per
 * request — the benchmarks' calls per request stay as they were. The price: a deactivation takes effect in the other
 * containers within that time (README: "refused within 5 s"); the container that serves the (de)activation records
 * the new status at once ({@link rememberTenantStatus}).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, tableFor } from './ddb.ts';
import { partitionKey } from './keys.ts';

export const STATUS_TTL_MS = 5_000;

/** The profile item of a tenant; it carries `status`. */
export function tenantProfileKey(tenantId: string): { PK: string; SK: string } {
  return { PK: partitionKey(tenantId, 'TENANT'), SK: 'PROFILE' };
}

const known = new Map<string, { deactivated: boolean; until: number }>();

/**
 * True when the tenant's profile says `deactivated`. A tenant without a profile (the county in a fresh deployment,
 * before it is seeded) is not deactivated: deactivation always writes the profile.
 */
export async function isTenantDeactivated(tenantId: string): Promise<boolean> {
  const now = Date.now();
  const cached = known.get(tenantId);
  if (cached && cached.until > now) return cached.deactivated;
  const result = await tableFor(tenantId).send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: tenantProfileKey(tenantId),
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    }),
  );
  const deactivated = result?.Item?.status === 'deactivated';
  known.set(tenantId, { deactivated, until: now + STATUS_TTL_MS });
  return deactivated;
}

/** Records a status this container has just written, so that it takes effect here without waiting for the cache. */
export function rememberTenantStatus(tenantId: string, status: string): void {
  known.set(tenantId, { deactivated: status === 'deactivated', until: Date.now() + STATUS_TTL_MS });
}
