import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import * as z from '#core/zod';
import { applicationFor } from '#functions/applications/access';
import { presignDownload } from './store.ts';

/** Download links are short-lived: long enough to start the download, too short to be passed around usefully. */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

/**
 * `GET /applications/{id}/documents/{documentId}` — a presigned download URL for a document of an application the
 * caller may see (its applicant or a caseworker of the tenant; `applicationFor` decides). Answered as JSON rather
 * than a redirect, so that a client with a bearer token can hand the URL to the browser.
 */
export const handler = httpHandler(
  { audit: { record: 'document', action: 'read', id: 'param:documentId' },
    params: z.object({ id: z.string().check(z.maxLength(64)), documentId: z.string().check(z.maxLength(64)) }),
    responses: { 200: z.object({ url: z.string(), expiresInSeconds: z.int(), fileName: z.string(), contentType: z.string() }) },
  },
  async ({ params, caller }) => {
    const application = await applicationFor(caller, params.id);
    const document = application.documents.find((candidate) => candidate.documentId === params.documentId);
    if (!document) throw new NotFound('Das Dokument wurde in diesem Antrag nicht gefunden.');
    const url = await presignDownload(application.tenantId, document, DOWNLOAD_URL_TTL_SECONDS);
    return json(200, { url, expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS, fileName: document.fileName, contentType: document.contentType });
  },
);
