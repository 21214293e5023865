import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { createUpload } from './uploads.ts';

/**
 * `POST /uploads` — a presigned URL to upload one proof (PDF, JPEG, PNG; at most 10 MB). Type and size are checked
 * here and bound into the URL's signature; `claimUpload` checks the stored object again when an application names it.
 */
const bodySchema = z.strictObject({
  kind: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'Die Art des Nachweises besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.')),
  fileName: z.string().check(z.minLength(1, 'Bitte geben Sie den Dateinamen an.'), z.maxLength(255, 'Der Dateiname ist zu lang.')),
  // Any string here: an unsupported type is answered with a clear 422, not a generic validation error.
  contentType: z.string().check(z.maxLength(255)),
  sizeBytes: z.int().check(z.positive('Eine leere Datei kann nicht hochgeladen werden.')),
});

/** A presigned upload: PUT the file to `url` with exactly `headers` within `expiresInSeconds`. */
const uploadSchema = z.object({
  uploadId: z.string(),
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.int(),
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.object({ 'content-type': z.string() }),
  expiresInSeconds: z.int(),
});

export const handler = httpHandler({ audit: { record: 'upload', action: 'create', id: 'reply:uploadId' }, body: bodySchema, responses: { 201: uploadSchema } }, async ({ body, caller }) => {
  const upload = await createUpload(tableFor(caller.tenantId), {
    tenantId: caller.tenantId,
    ownerId: caller.userId,
    request: body,
    now: new Date(),
  });
  return json(201, upload);
});
