import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema } from '#core/pagination';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { publicRecord } from './domain.ts';
import { listTenantRecords } from './store.ts';

/** GET /tenants — the tenant registry with each tenant's onboarding status (county admins). */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, caller }) => {
  requireCountyAdmin(caller);
  const cursor = decodeCursor(query.cursor);
  const page = await listTenantRecords(tableFor(caller.tenantId), COUNTY_TENANT_ID, {
    limit: query.limit,
    ...(cursor ? { cursor } : {}),
  });
  return json(200, { items: page.items.map(publicRecord), nextCursor: encodeCursor(page.cursor) });
});
