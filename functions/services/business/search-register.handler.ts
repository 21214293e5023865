import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { pageQuerySchema, pageSchema } from '#core/pagination';
import * as z from '#core/zod';
import { businessIdSchema } from './schemas.ts';
import { BUSINESS_STATUSES, businessEntryView, entryView, getEntry, searchRegister } from './trade-register.ts';

const querySchema = z.strictObject({
  ...pageQuerySchema.shape,
  /** A Betriebs-ID: the one entry (or none). */
  businessId: z.optional(businessIdSchema),
  /** The beginning of the operator's name. */
  name: z.optional(z.string().check(z.trim(), z.minLength(1, 'Bitte mindestens ein Zeichen angeben.'), z.maxLength(100, 'Höchstens 100 Zeichen.'))),
  /** Words in the operator's or the trade name. */
  q: z.optional(z.string().check(z.trim(), z.minLength(2, 'Bitte mindestens zwei Zeichen angeben.'), z.maxLength(100, 'Höchstens 100 Zeichen.'))),
  /** A WZ 2008 code or its beginning: `47`, `47.9`, `47.91.1`. */
  wz: z.optional(z.string().check(z.trim(), z.regex(/^\d{2}(?:\.\d{0,2}(?:\.\d?)?)?$/, 'Bitte einen WZ-Schlüssel oder seinen Anfang angeben, z. B. 47 oder 47.91.'))),
  status: z.optional(z.enum(BUSINESS_STATUSES, { error: `Status: ${BUSINESS_STATUSES.join(', ')}.` })),
});

/**
 * GET /business/register?name=&q=&wz=&status=&businessId=&limit=&cursor= — the caller's municipality's trade register
 * for its caseworkers: by Betriebs-ID (one read), or sorted by the operator's name (a query of the register index,
 * no Scan; the name prefix in the key condition, words, WZ and status as filters), paged.
 */
export const handler = httpHandler({ query: querySchema, responses: { 200: pageSchema(businessEntryView) } }, async ({ query, caller }) => {
  const db = tableFor(caller.tenantId);
  if (query.businessId) {
    const entry = await getEntry(db, caller.tenantId, query.businessId);
    return json(200, { items: entry ? [entryView(entry)] : [], nextCursor: null });
  }
  const page = await searchRegister(db, caller.tenantId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.name ? { name: query.name } : {}),
    ...(query.q ? { text: query.q } : {}),
    ...(query.wz ? { wz: query.wz } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return json(200, page);
});
