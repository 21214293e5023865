import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { scanUploadSchema } from './schemas.ts';
import { createScanUpload } from './scans.ts';
import { scanUploadSchema as scanUploadAnswerSchema } from './views.ts';

/**
 * `POST /baulasten/uploads` — a presigned URL to upload the scan of a Baulastenblatt (PDF, TIFF, PNG, JPEG; at most
 * 50 MB). Type and size are checked here and bound into the URL's signature; the stored object is checked again when a
 * sheet or a version names the upload.
 */
export const handler = httpHandler({ body: scanUploadSchema, responses: { 201: scanUploadAnswerSchema } }, async ({ body, caller }) => {
  const upload = await createScanUpload(tableFor(caller.tenantId), { tenantId: caller.tenantId, ownerId: caller.userId, request: body, now: new Date() });
  return json(201, upload);
});
