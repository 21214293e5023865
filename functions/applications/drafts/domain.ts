/**
 * Drafts (Entwürfe) of an application: what a person has filled in so far, kept server-side for them so that nobody
 * types a form twice — across devices and sign-outs. A draft need not be valid; it is bounded in size and depth and
 * expires after {@link DRAFT_TTL_DAYS} days of not being saved (DynamoDB TTL). A small notice without the form's
 * content outlives it for {@link EXPIRY_NOTICE_DAYS} days, so the person learns that the draft expired instead of
 * finding it silently gone. Pure functions; the store keeps the records.
 */
import { berlinDate, germanDate } from '#core/dates';
import { exceedsDepth } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { serviceDescriptor } from '#functions/services/descriptors';

/** Days a draft is kept after it was last saved (the data-protection work will make this a tenant setting). */
export const DRAFT_TTL_DAYS = 30;
/** Days the notice of an expired draft is kept (it holds the service and the dates, nothing of the form). */
export const EXPIRY_NOTICE_DAYS = 90;
/** Forms are a few KB; anything near this is not a form. DynamoDB items may hold 400 KB. */
export const MAX_DRAFT_BYTES = 64 * 1024;
/** The deepest form nests about six levels (`form/operator/persons/0/residence/street`). */
export const MAX_DRAFT_DEPTH = 12;

const DAY_MS = 86_400_000;

export const draftPathSchema = z.strictObject({
  serviceId: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Unbekannter Dienst.')),
});

export const draftBodySchema = z.strictObject({
  form: z.record(z.string(), z.unknown()).check(
    z.refine((form) => new TextEncoder().encode(JSON.stringify(form)).byteLength <= MAX_DRAFT_BYTES, `Der Entwurf ist zu groß (höchstens ${MAX_DRAFT_BYTES / 1024} KB).`),
    z.refine((form) => !exceedsDepth(form, MAX_DRAFT_DEPTH), `Der Entwurf ist tiefer als ${MAX_DRAFT_DEPTH} Ebenen verschachtelt.`),
  ),
  /** The step the person was at, to resume there. */
  step: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,40}$/, 'Ungültiger Schritt.'))),
  /** The names of the files uploaded for fields of the form (by field path), to show them again. */
  uploads: z.optional(
    z
      .record(
        z.string().check(z.maxLength(200)),
        z.strictObject({ fileName: z.string().check(z.minLength(1), z.maxLength(255)), sizeBytes: z.int().check(z.gte(0)) }),
      )
      .check(z.refine((uploads) => Object.keys(uploads).length <= 20, 'Höchstens 20 Dateien je Entwurf.')),
  ),
});
export type DraftBody = z.infer<typeof draftBodySchema>;

export interface Draft {
  serviceId: string;
  form: Record<string, unknown>;
  step?: string;
  uploads?: Record<string, { fileName: string; sizeBytes: number }>;
  version: number;
  updatedAt: string;
  /** When the draft is deleted unless saved again. */
  expiresAt: string;
}

export interface ExpiryNotice {
  serviceId: string;
  /** When the draft that the notice is about expires (or expired). */
  draftExpiresAt: string;
}

/** What a person's draft of one service is at `now`: there, expired (with the notice), or none. */
export type DraftState = { kind: 'active'; draft: Draft } | { kind: 'expired'; expiredAt: string } | { kind: 'none' };

export function draftState(draft: Draft | undefined, notice: ExpiryNotice | undefined, now: Date): DraftState {
  const instant = now.toISOString();
  // DynamoDB deletes expired items within days, not at once: an item past its expiry is gone already.
  if (draft && draft.expiresAt > instant) return { kind: 'active', draft };
  const expiredAt = draft?.expiresAt ?? notice?.draftExpiresAt;
  if (expiredAt !== undefined && expiredAt <= instant) return { kind: 'expired', expiredAt };
  return { kind: 'none' };
}

/** The title of the service a draft is for; a draft of a service that does not exist is refused (404). */
export function draftServiceTitle(serviceId: string): string {
  const service = serviceDescriptor(serviceId);
  if (!service) throw new NotFound(`Den Dienst „${serviceId}“ gibt es nicht.`);
  return service.title;
}

/** `2026-12-07T10:00:00.000Z` → `07.12.2026` (the calendar day in Germany). */
export function germanDay(instant: string): string {
  return germanDate(berlinDate(new Date(instant)));
}

export function draftExpiry(now: Date): Date {
  return new Date(now.getTime() + DRAFT_TTL_DAYS * DAY_MS);
}

export function noticeExpiry(draftExpiresAt: Date): Date {
  return new Date(draftExpiresAt.getTime() + EXPIRY_NOTICE_DAYS * DAY_MS);
}

/** Views: what the routes answer (the OpenAPI document is generated from them). */
export const draftView = z.object({
  serviceId: z.string(),
  form: z.record(z.string(), z.unknown()),
  step: z.optional(z.string()),
  uploads: z.optional(z.record(z.string(), z.object({ fileName: z.string(), sizeBytes: z.int() }))),
  version: z.int(),
  updatedAt: z.string(),
  expiresAt: z.string(),
});

export const draftListView = z.object({
  items: z.array(
    z.object({ serviceId: z.string(), serviceTitle: z.string(), step: z.optional(z.string()), version: z.int(), updatedAt: z.string(), expiresAt: z.string() }),
  ),
  /** Drafts that expired recently, so that the person is told (their content is gone). */
  expired: z.array(z.object({ serviceId: z.string(), serviceTitle: z.string(), expiredAt: z.string() })),
});
export type DraftListView = z.infer<typeof draftListView>;
