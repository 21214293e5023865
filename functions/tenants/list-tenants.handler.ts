import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { decodeCursor, encodeCursor, pageQuerySchema, pageSchema } from '#core/pagination';
import { COUNTY_TENANT_ID, requireCountyAdmin } from '#core/tenancy';
import { publicRecord } from './domain.ts';
import { listTenantRecords } from './store.ts';
import { registryEntrySchema } from './views.ts';

/** GET /tenants — the tenant registry with each tenant's onboarding status (county admins). */
export const handler = httpHandler({ query: pageQuerySchema, responses: { 200: pageSchema(registryEntrySchema) } }, async ({ query, caller }) => {
  requireCountyAdmin(caller);
  const cursor = decodeCursor(query.cursor);
  const page = await listTenantRecords(tableFor(caller.tenantId), COUNTY_TENANT_ID, {
    limit: query.limit,
    ...(cursor ? { cursor } : {}),
  });
  return json(200, { items: page.items.map((record) => registryEntrySchema.parse(publicRecord(record))), nextCursor: encodeCursor(page.cursor) });
});
