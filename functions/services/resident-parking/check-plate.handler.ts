import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import { berlinDate } from '#core/dates';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { permitForEnforcement, publicFacts } from './permit.ts';
import { plateCheckQuerySchema } from './schemas.ts';
import { permitsOfPlate } from './store.ts';
import { zoneById } from './zones.ts';

/** The facts printed on the permit (`publicFacts`), the permit number for caseworkers; `none` without a permit. */
const checkSchema = z.union([
  z.object({
    status: z.enum(['valid', 'not-yet-valid', 'expired', 'revoked']),
    plate: z.string(),
    zone: z.string(),
    zoneName: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    permitId: z.optional(z.string()),
  }),
  z.object({ status: z.literal('none') }),
]);

/** The latest permits of a plate are enough: at most two are current (a permit and its renewal). */
const PERMITS_CONSIDERED = 10;

/**
 * GET /permits/check?plate=&zone= — parking enforcement (and caseworkers) of the caller's tenant: does this plate
 * have a permit, for this zone if one is named? The answer holds the facts printed on the permit and nothing about
 * its holder (caseworkers also see the permit number); `{ status: 'none' }` when there is none. The plate is accepted
 * in any common spelling, the zone in any case. A zone the tenant does not have is a 422 naming `query/zone`: a typo
 * must never read as "no permit".
 */
export const handler = httpHandler({ audit: { record: 'permit', action: 'read', id: 'reply:permitId' }, query: plateCheckQuerySchema, responses: { 200: checkSchema } }, async ({ query, caller }) => {
  const today = berlinDate(new Date());
  const db = tableFor(caller.tenantId);
  const [permits, zoneId] = await Promise.all([
    permitsOfPlate(db, caller.tenantId, query.plate, '0000-00-00', PERMITS_CONSIDERED),
    query.zone === undefined ? undefined : knownZoneId(db, caller.tenantId, query.zone),
  ]);
  const permit = permitForEnforcement(zoneId === undefined ? permits : permits.filter((candidate) => candidate.zoneId === zoneId), today);
  // Caseworkers also get the permit number, which they need to revoke it; enforcement needs only the facts.
  const forCaseworker = caller.roles.includes('caseworker') && permit ? { permitId: permit.permitId } : {};
  const answer = permit ? { ...publicFacts(permit, today), ...forCaseworker } : { status: 'none' as const };
  // Who looked up when, and the outcome — never the plate.
  logger.info('Plate checked', { tenantId: caller.tenantId, userId: caller.userId, zoneGiven: query.zone !== undefined, status: answer.status });
  return json(200, answer);
});

/** The id of the tenant's zone `requested` names (case-insensitive), or a 422 that names the field. */
async function knownZoneId(db: ReturnType<typeof tableFor>, tenantId: string, requested: string): Promise<string> {
  const config = await tenantConfig(db, tenantId);
  const zone = zoneById(config.parkingZones, requested);
  if (!zone) {
    const known = config.parkingZones.map((candidate) => candidate.id).join(', ') || 'keine';
    throw new Unprocessable(`Die Parkzone „${requested}“ gibt es bei ${config.displayName} nicht.`, [
      { field: 'query/zone', message: `Unbekannte Parkzone. Zonen: ${known}.` },
    ]);
  }
  return zone.id;
}
