import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { siteOrigin } from '#core/site';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { tenantPathSchema } from '#functions/tenants/schemas';
import { catalogue } from './open-data.ts';
import { CACHE_HEADERS, coveredUntil, publishingTenant } from './open-data-store.ts';
import { FIRST_YEAR } from './schemas.ts';

const paramsSchema = z.strictObject({ tenantId: tenantPathSchema.shape.id });

/**
 * GET /open-data/{tenantId}/catalog — the tenant's DCAT-AP.de 2.0 catalogue as JSON-LD (`application/ld+json`), for
 * everyone and for harvesters (GovData-style portals); cacheable. Two reads: the registry entry and the configuration.
 */
export const handler = httpHandler(
  { params: paramsSchema, responses: { 200: { 'application/ld+json': z.record(z.string(), z.unknown()) } } },
  async ({ params }) => {
    await publishingTenant(params.tenantId);
    const config = await tenantConfig(tableFor(params.tenantId), params.tenantId);
    const until = coveredUntil(new Date());
    const last = Number(until.slice(0, 4));
    const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, index) => FIRST_YEAR + index);
    const body = catalogue({ tenantId: params.tenantId, name: config.displayName, ags: config.ags, email: config.contact.email, phone: config.contact.phone, site: siteOrigin(), years, today: until });
    return json(200, body, { ...CACHE_HEADERS, 'content-type': 'application/ld+json; charset=utf-8' });
  },
);
