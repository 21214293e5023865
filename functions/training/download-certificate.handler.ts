import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { certificateDownloadUrl, certificateFileName, certificateVerifyUrl, CERTIFICATE_CONTENT_TYPE, issueCertificatePdf } from './certificates/files.ts';
import { getCertificate } from './certificates/store.ts';
import { certificateView } from './certificates/view.ts';
import { berlinDate } from '#core/dates';
import { certificatePathSchema } from './enrolments/schemas.ts';
import { certificateLinkSchema } from './views.ts';

/** Download links are short-lived: long enough to start the download, too short to be passed around usefully. */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

/**
 * GET /training/certificates/{id} — a presigned download URL for one of the caller's own certificates (anybody
 * else's: 404, as if it did not exist). Completion records the certificate; its PDF is rendered from the record on
 * the first download — signed QR code, render, store in S3, record the key — and later downloads reuse the stored
 * PDF. The answer also carries the public verification URL (`/verify/…`) that the PDF's QR code holds. The record holds what is printed, so this works after the course changed. Two first downloads at the same
 * time both render; they store the same certificate under the same key.
 */
export const handler = httpHandler({ audit: { record: 'certificate', action: 'read', id: 'param:id', subject: ['caller'] }, params: certificatePathSchema, responses: { 200: certificateLinkSchema } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const record = await getCertificate(db, caller.tenantId, params.id);
  if (!record || record.employeeId !== caller.userId) throw new NotFound('Diesen Fortbildungsnachweis gibt es nicht.');
  let { key, verifyUrl } = record;
  if (key === undefined) {
    ({ key, verifyUrl } = await issueCertificatePdf(db, record));
    logger.info('Certificate PDF rendered on its first download', { tenantId: caller.tenantId, certificateId: record.certificateId });
  }
  const url = await certificateDownloadUrl({ ...record, key }, DOWNLOAD_URL_TTL_SECONDS);
  return json(200, {
    url,
    verifyUrl: verifyUrl ?? (await certificateVerifyUrl(record)),
    expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS,
    fileName: certificateFileName(record),
    contentType: CERTIFICATE_CONTENT_TYPE,
    certificate: certificateView(record, berlinDate(new Date())),
  });
});
