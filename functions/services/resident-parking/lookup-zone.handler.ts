import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { residenceSchema } from './form.ts';
import { zoneLookupView } from './zones-view.ts';
import { zonesForAddress } from './zones.ts';

/** The address as the form asks for it (same fields, same German messages); the place name is not needed. */
const bodySchema = z.partial(residenceSchema, { city: true });

/**
 * POST /parking-zones/lookup — the zones of the caller's tenant that an address lies in, by the same rule the
 * application's checks use (`zonesForAddress`): the form proposes the zone after the address step. A POST so that
 * the address travels in the body, never in a URL that logs and histories keep; nothing is stored or logged.
 */
export const handler = httpHandler({ body: bodySchema, responses: { 200: zoneLookupView } }, async ({ body, caller }) => {
  const config = await tenantConfig(tableFor(caller.tenantId), caller.tenantId);
  const zones = zonesForAddress(config.parkingZones, body);
  return json(200, { zones: zones.map((zone) => ({ id: zone.id, name: zone.name })) });
});
