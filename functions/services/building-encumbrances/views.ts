/** What the Baulasten register's routes answer (the response schemas of the OpenAPI contract). */
import * as z from '#core/zod';
import { trailEntrySchema } from '#functions/audit/views';
import { ENCUMBRANCE_KIND_IDS, SHEET_STATUSES } from './sheet.ts';

const text = z.string();

export const parcelViewSchema = z.object({
  gemarkung: text,
  gemarkungName: z.optional(text),
  flur: text,
  flurstueck: text,
  label: text,
  flurstueckskennzeichen: text,
});

/** A version of a Baulast as staff see it (`versionView`); the sheet itself is its latest version plus its registration. */
export const versionViewSchema = z.object({
  sheetId: text,
  version: z.int(),
  change: z.enum(['created', 'revised', 'deleted']),
  note: z.optional(text),
  baulastenblatt: text,
  laufendeNummer: z.int(),
  parcels: z.array(parcelViewSchema),
  favouredParcels: z.array(parcelViewSchema),
  kind: z.enum(ENCUMBRANCE_KIND_IDS),
  kindLabel: text,
  content: text,
  eintragungsdatum: text,
  loeschungsdatum: z.optional(text),
  status: z.enum(SHEET_STATUSES),
  statusLabel: text,
  aktenzeichen: z.optional(text),
  file: z.object({ fileName: text, contentType: text, sizeBytes: z.int(), uploadId: text, uploadedAt: text, uploadedBy: text }),
  deletion: z.optional(z.object({ reason: text, at: text, by: text })),
  createdAt: text,
  createdBy: text,
  registeredAt: z.optional(text),
  registeredBy: z.optional(text),
});

export const sheetWithVersionsSchema = z.object({ ...versionViewSchema.shape, versions: z.array(versionViewSchema) });

export const searchResultSchema = z.object({
  parcel: parcelViewSchema,
  items: z.array(
    z.object({
      sheetId: text,
      baulastenblatt: text,
      laufendeNummer: z.int(),
      kind: z.enum(ENCUMBRANCE_KIND_IDS),
      kindLabel: text,
      content: text,
      status: z.enum(SHEET_STATUSES),
      statusLabel: text,
      eintragungsdatum: text,
      loeschungsdatum: z.optional(text),
      version: z.int(),
    }),
  ),
});

/** The access log of a sheet: the audit trail's entries about it (`GET /baulasten/sheets/{id}/access-log`). */
export const accessLogSchema = z.object({
  sheetId: text,
  items: z.array(trailEntrySchema),
  nextCursor: z.nullable(text),
});

export const scanUploadSchema = z.object({
  uploadId: text,
  fileName: text,
  contentType: text,
  sizeBytes: z.int(),
  url: text,
  method: z.literal('PUT'),
  headers: z.object({ 'content-type': text }),
  expiresInSeconds: z.int(),
});

export const scanLinkSchema = z.object({ url: text, expiresInSeconds: z.int(), fileName: text, contentType: text, sizeBytes: z.int(), version: z.int() });
