import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { tenantConfig } from '#functions/tenants/config';
import { zoneList, zoneListView } from './zones-view.ts';

/** GET /parking-zones — the resident parking zones of the caller's tenant with their streets (one read of the configuration). */
export const handler = httpHandler({ responses: { 200: zoneListView } }, async ({ caller }) => {
  const config = await tenantConfig(tableFor(caller.tenantId), caller.tenantId);
  return json(200, zoneList(config.parkingZones));
});
