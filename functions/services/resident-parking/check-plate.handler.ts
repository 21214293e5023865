import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import * as z from '#core/zod';
import { berlinDate } from '#core/dates';
import { plateSchema } from './form.ts';
import { permitForEnforcement, publicFacts } from './permit.ts';
import { permitsOfPlate } from './store.ts';

const querySchema = z.strictObject({
  plate: plateSchema,
  zone: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/, 'Ungültige Zonen-ID.'))),
});

/** The latest permits of a plate are enough: at most two are current (a permit and its renewal). */
const PERMITS_CONSIDERED = 10;

/**
 * GET /permits/check?plate=&zone= — parking enforcement (and caseworkers) of the caller's tenant: does this plate
 * have a permit, for this zone if one is named? The answer holds the facts printed on the permit and nothing about
 * its holder (caseworkers also see the permit number); `{ status: 'none' }` when there is none. The plate is accepted in any common spelling.
 */
export const handler = httpHandler({ query: querySchema }, async ({ query, caller }) => {
  const today = berlinDate(new Date());
  const permits = await permitsOfPlate(tableFor(caller.tenantId), caller.tenantId, query.plate, '0000-00-00', PERMITS_CONSIDERED);
  const permit = permitForEnforcement(query.zone === undefined ? permits : permits.filter((candidate) => candidate.zoneId === query.zone), today);
  // Caseworkers also get the permit number, which they need to revoke it; enforcement needs only the facts.
  const forCaseworker = caller.roles.includes('caseworker') && permit ? { permitId: permit.permitId } : {};
  const answer = permit ? { ...publicFacts(permit, today), ...forCaseworker } : { status: 'none' as const };
  // Who looked up when, and the outcome — never the plate.
  logger.info('Plate checked', { tenantId: caller.tenantId, userId: caller.userId, zoneGiven: query.zone !== undefined, status: answer.status });
  return json(200, answer);
});
