import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { publicRecord } from './domain.ts';
import { getConfig, getProfile, getTenantRecord, listConfigHistory } from './store.ts';
import * as z from '#core/zod';
import { TENANT_STATUSES, tenantConfigSchema, tenantPathSchema } from './schemas.ts';
import { registryEntrySchema } from './views.ts';

/** A county admin gets the registry entry; the tenant's own admin its profile, configuration and change history. */
const tenantViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(TENANT_STATUSES),
  registry: z.optional(registryEntrySchema),
  profile: z.optional(z.object({ tenantId: z.string(), name: z.string(), ags: z.string(), status: z.enum(TENANT_STATUSES), createdAt: z.string(), updatedAt: z.string() })),
  config: z.optional(tenantConfigSchema),
  configVersion: z.optional(z.int()),
  configUpdatedAt: z.optional(z.string()),
  configUpdatedBy: z.optional(z.string()),
  configHistory: z.optional(z.array(z.object({ version: z.int(), updatedAt: z.string(), updatedBy: z.string(), changed: z.optional(z.array(z.string())) }))),
});

/**
 * GET /tenants/{id}
 * - a county admin sees the registry entry (status, failure reason) of any tenant;
 * - a tenant admin sees its own tenant's profile, configuration and change history — and nothing of other tenants
 *   (404, so that the existence of another tenant's data is not revealed either).
 */
export const handler = httpHandler({ params: tenantPathSchema, responses: { 200: tenantViewSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const isCountyAdmin = caller.tenantId === COUNTY_TENANT_ID && caller.roles.includes('county-admin');
  const isOwnAdmin = caller.tenantId === params.id && caller.roles.includes('tenant-admin');
  if (!isCountyAdmin && !isOwnAdmin) throw notFound(params.id);

  const [record, profile, config, history] = await Promise.all([
    isCountyAdmin ? getTenantRecord(db, COUNTY_TENANT_ID, params.id) : undefined,
    isOwnAdmin ? getProfile(db, params.id) : undefined,
    isOwnAdmin ? getConfig(db, params.id) : undefined,
    isOwnAdmin ? listConfigHistory(db, params.id) : undefined,
  ]);
  if (!record && !profile) throw notFound(params.id);
  return json(200, tenantViewSchema.parse({
    id: params.id,
    name: record?.name ?? profile!.name,
    status: record?.status ?? profile!.status,
    ...(record ? { registry: publicRecord(record) } : {}),
    ...(profile ? { profile } : {}),
    ...(config ? { config: config.config, configVersion: config.version, configUpdatedAt: config.updatedAt, configUpdatedBy: config.updatedBy } : {}),
    ...(history ? { configHistory: history } : {}),
  }));
});

function notFound(id: string) {
  return new NotFound(`Mandant "${id}" wurde nicht gefunden.`);
}
