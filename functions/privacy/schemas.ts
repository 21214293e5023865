/**
 * Request and response schemas of the data protection routes (legal holds, the record of processing, access and
 * erasure requests). Browser-safe: the pages validate with the same schemas.
 */
import * as z from '#core/zod';

export const legalHoldSchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte den Grund der Aufbewahrungssperre nennen (mindestens 5 Zeichen), z. B. ein Aktenzeichen des Gerichts.'),
    z.maxLength(300, 'Der Grund ist zu lang (höchstens 300 Zeichen).'),
  ),
});
export type LegalHoldInput = z.infer<typeof legalHoldSchema>;

export const legalHoldViewSchema = z.object({
  applicationId: z.string(),
  held: z.boolean(),
  reason: z.optional(z.string()),
  by: z.optional(z.string()),
  at: z.optional(z.string()),
});

export const downloadLinkSchema = z.object({ url: z.string(), expiresInSeconds: z.int(), fileName: z.string(), contentType: z.string() });
