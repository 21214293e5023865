import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { businessesOf, businessListView } from './trade-register.ts';

/**
 * GET /businesses — the caller's businesses in the trade register (registered online under this account; changed
 * and closed by its later notices): Betriebs-ID, names, premises, activity, status. One query of the caller's own
 * partition; the GewA2/GewA3 forms offer them to pick the Betriebs-ID from.
 */
export const handler = httpHandler({ audit: { record: 'business', action: 'read', id: 'items:businessId', subject: ['caller'] }, responses: { 200: businessListView } }, async ({ caller }) => {
  const items = await businessesOf(tableFor(caller.tenantId), caller.tenantId, caller.userId);
  return json(200, { items });
});
