import * as z from '#core/zod';

/** The first year OpenKreis counted anything; earlier years have no figures. */
export const FIRST_YEAR = 2025;

/** `?year=` of the report routes: a year since FIRST_YEAR, not after the current one (checked by the handler). */
export const yearField = z.coerce
  .number({ error: 'Das Jahr ist eine vierstellige Zahl, z. B. 2026.' })
  .check(z.int('Das Jahr ist eine ganze Zahl, z. B. 2026.'), z.gte(FIRST_YEAR, `Zahlen gibt es ab dem Jahr ${FIRST_YEAR}.`), z.lte(2100, 'Das Jahr liegt zu weit in der Zukunft.'));

export const formatField = z.enum(['json', 'csv'], { error: 'format ist "json" oder "csv".' });

export const kpiQuerySchema = z.strictObject({ year: z.optional(yearField), format: z.optional(formatField) });
