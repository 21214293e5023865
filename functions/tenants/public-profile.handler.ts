import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantPathSchema } from './schemas.ts';
import { getConfig, getTenantRecord } from './store.ts';
import { publicProfileSchema } from './public-profile.ts';

/**
 * GET /tenants/{id}/public — what every page of the portal shows about an authority, also to people who are not
 * signed in (the header, the footer's imprint/privacy/accessibility links, the accessibility statement, the public
 * verification page): its name, contact and legal pages. Nothing internal; cacheable for five minutes.
 *
 * The county's registry is asked first, with the county's credentials: only a registered tenant's partition is then
 * read (in AWS a session tag of an unknown id would be refused by STS — a 5xx for a typo in a URL).
 */
export const handler = httpHandler({ params: tenantPathSchema, responses: { 200: publicProfileSchema } }, async ({ params }) => {
  const record = await getTenantRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, params.id);
  const versioned = record && (record.status === 'active' || record.status === 'deactivated') ? await getConfig(tableFor(params.id), params.id) : undefined;
  if (!record || !versioned) throw new NotFound(`Es gibt keine Verwaltung „${params.id}“.`);
  const { config } = versioned;
  const body = publicProfileSchema.parse({
    id: params.id,
    name: config.displayName,
    status: record.status,
    contact: config.contact,
    urls: config.urls,
    accessibilityFeedback: config.accessibilityFeedback ?? { email: config.contact.email },
    services: config.enabledServices,
    ...(config.enabledServices.includes('address-change') ? { addressChangeVehicleVariant: config.addressChange?.vehicleVariant ?? 'county-later' } : {}),
  });
  return json(200, body, { 'cache-control': 'public, max-age=300' });
});
