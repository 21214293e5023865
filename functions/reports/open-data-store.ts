/**
 * Which tenant's open data may be published: a tenant of the county's registry that is active or deactivated (its
 * past figures stay open). The registry is asked first, with the county's credentials, and only then the tenant's
 * partition — as the public profile does (an unknown id in a URL is a 404, never a refused STS session).
 */
import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { getTenantRecord } from '#functions/tenants/store';

export async function publishingTenant(tenantId: string): Promise<void> {
  const record = await getTenantRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId);
  if (!record || (record.status !== 'active' && record.status !== 'deactivated')) throw new NotFound(`Es gibt keine Verwaltung „${tenantId}“.`);
}

/** The last complete day the figures cover (yesterday: today's are still changing), German calendar. */
export function coveredUntil(now: Date): string {
  return berlinDate(new Date(now.getTime() - 86_400_000));
}

/** One hour in every shared cache: the figures change daily, and the route must stay cheap under a harvester's load. */
export const CACHE_HEADERS = { 'cache-control': 'public, max-age=3600', vary: 'accept' };
