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

export const exportViewSchema = z.object({
  exportId: z.string(),
  status: z.enum(['pending', 'ready', 'failed']),
  requestedAt: z.string(),
  readyAt: z.optional(z.string()),
});

export const planItemSchema = z.object({
  recordType: z.enum(['application', 'payment', 'draft', 'business', 'training-record']),
  recordId: z.string(),
  title: z.string(),
  action: z.enum(['erase', 'keep']),
  reason: z.string(),
  keepUntil: z.optional(z.string()),
});

/** Art. 17 request: the person may say what they want erased and why; the review covers all their data anyway. */
export const erasureRequestBodySchema = z.strictObject({
  message: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'Die Nachricht ist zu lang (höchstens 1000 Zeichen).'))),
});
export type ErasureRequestBody = z.infer<typeof erasureRequestBodySchema>;

export const erasureRequestViewSchema = z.object({
  requestId: z.string(),
  status: z.enum(['open', 'decided']),
  requestedAt: z.string(),
  message: z.optional(z.string()),
  decision: z.optional(z.object({ decidedAt: z.string(), answer: z.string(), erased: z.array(planItemSchema), kept: z.array(planItemSchema) })),
});

export const myDataViewSchema = z.object({ exports: z.array(exportViewSchema), requests: z.array(erasureRequestViewSchema) });

export const erasureReviewSchema = z.object({
  request: z.extend(erasureRequestViewSchema, { userId: z.string() }),
  /** The review as of now: what an approval would erase and what must be kept, with the reason. */
  plan: z.array(planItemSchema),
});

export const erasureListSchema = z.object({ items: z.array(z.extend(erasureRequestViewSchema, { userId: z.string() })) });

export const decisionBodySchema = z.strictObject({
  answer: z.string().check(
    z.trim(),
    z.minLength(10, 'Bitte eine Antwort an die Person schreiben (mindestens 10 Zeichen).'),
    z.maxLength(2000, 'Die Antwort ist zu lang (höchstens 2000 Zeichen).'),
  ),
});
export type DecisionBody = z.infer<typeof decisionBodySchema>;

export const requestPathSchema = z.strictObject({ id: z.uuid({ error: 'Die Kennung ist ungültig.' }) });
export const exportFilePathSchema = z.strictObject({
  id: z.uuid({ error: 'Die Kennung ist ungültig.' }),
  format: z.enum(['json', 'pdf'], { error: 'Format: json oder pdf.' }),
});
export const requestListQuerySchema = z.strictObject({ status: z.optional(z.enum(['open', 'decided'], { error: 'Status: open oder decided.' })) });
