/**
 * The search of the trade register (`GET /business/register`) as its handler validates it — a browser-safe module
 * (zod only), so the caseworker's search page checks its form with the same schema and German messages.
 */
import { pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';
import { businessIdSchema } from './schemas.ts';

export const BUSINESS_STATUSES = ['active', 'deregistered'] as const;
export type BusinessStatus = (typeof BUSINESS_STATUSES)[number];
export const BUSINESS_STATUS_LABELS: Record<BusinessStatus, string> = { active: 'Angemeldet', deregistered: 'Abgemeldet' };

export const registerQuerySchema = z.strictObject({
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
