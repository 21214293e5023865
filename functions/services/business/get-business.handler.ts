import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { businessIdSchema } from './schemas.ts';
import { businessDetailView, entryView, getEntry, versionsOf } from './trade-register.ts';

const paramsSchema = z.strictObject({ businessId: businessIdSchema });

/**
 * GET /business/register/{businessId} — one business of the caller's municipality's trade register with its history
 * (a version per notice: registration, changes, deregistration or the Rückmeldung of a move). Another municipality's
 * Betriebs-ID is "not found" like an unknown one: the read is keyed by the caller's tenant.
 */
export const handler = httpHandler({ audit: { record: 'business', action: 'read', id: 'param:businessId' }, params: paramsSchema, responses: { 200: businessDetailView } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const [entry, versions] = await Promise.all([getEntry(db, caller.tenantId, params.businessId), versionsOf(db, caller.tenantId, params.businessId)]);
  if (!entry) throw new NotFound('Dieser Betrieb steht nicht im Gewerberegister.');
  return json(200, { entry: entryView(entry), versions });
});
