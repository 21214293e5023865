/** Request schema of the xAPI statements resource (zod/mini); apart, so the learning routes do not load it. */
import { pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';

const booleanParam = z.optional(z.enum(['true', 'false']));

/** The LRS statements resource's filters (xAPI 1.0.3, 7.2.3), the ones this LRS supports. */
export const statementQuerySchema = z.strictObject({
  since: z.optional(z.iso.datetime({ offset: true, error: 'Bitte einen Zeitpunkt nach ISO 8601 angeben (z. B. 2026-03-01T00:00:00Z).' })),
  verb: z.optional(z.url({ error: 'Das Verb ist eine IRI (z. B. http://adlnet.gov/expapi/verbs/passed).' })),
  activity: z.optional(z.url({ error: 'Die Aktivität ist eine IRI (z. B. https://openkreis.de/training/<kurs>).' })),
  related_activities: booleanParam,
  ascending: booleanParam,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  cursor: pageQuerySchema.shape.cursor,
});
