/**
 * The certificate PDF in S3: `<tenantId>/certificates/<certificateId>.pdf` (bucket `BUCKET_NAME`, KMS by bucket
 * default), rendered on the certificate's first download. Rendering is repeatable from the stored record, so
 * "issue" means: sign the QR token, render, store, record the key — and doing it twice stores the same document
 * under the same key. Only the download function uses this module.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { partitionKey } from '#core/keys';
import { BUCKET_NAME, s3 } from '#core/s3';
import { presignDownload } from '#functions/documents/store';
import { recordCertificateFile, type CertificateRecord } from './store.ts';

export const CERTIFICATE_CONTENT_TYPE = 'application/pdf';

export function certificateObjectKey(tenantId: string, certificateId: string): string {
  partitionKey(tenantId); // validates the tenant id: it starts the key
  if (!/^[A-Za-z0-9_-]+$/.test(certificateId)) throw new Error('Invalid certificate id in a document key');
  return `${tenantId}/certificates/${certificateId}.pdf`;
}

/** `Fortbildungsnachweis-datenschutz-im-verwaltungsalltag-2026-03-10.pdf` */
export function certificateFileName(record: Pick<CertificateRecord, 'courseId' | 'completedAt'>): string {
  const course = record.courseId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 60);
  return `Fortbildungsnachweis-${course}-${record.completedAt.slice(0, 10)}.pdf`;
}

/** A freshly signed verification URL of a certificate (every signed token verifies the same record). */
export async function certificateVerifyUrl(record: Pick<CertificateRecord, 'tenantId' | 'certificateId'>): Promise<string> {
  const [{ signDocumentToken }, { verifyUrl }] = await Promise.all([import('#functions/documents/signing'), import('#functions/documents/verify-url')]);
  return verifyUrl(await signDocumentToken({ typ: 'certificate', tid: record.tenantId, sub: record.certificateId, v: 1 }));
}

/** Renders and stores the PDF of a certificate record; returns its S3 key and the verification URL of its QR code. */
export async function issueCertificatePdf(db: DynamoDBDocumentClient, record: CertificateRecord): Promise<{ key: string; verifyUrl: string }> {
  // Loaded on first use: pdfkit, the fonts, qrcode and the signing adapter are not evaluated when the PDF is stored already.
  const [verifyUrl, { renderCertificatePdf }] = await Promise.all([certificateVerifyUrl(record), import('./pdf.ts')]);
  const bytes = await renderCertificatePdf({
    certificateId: record.certificateId,
    holderName: record.employeeName,
    courseTitle: record.courseTitle,
    courseVersion: record.courseVersion,
    completedAt: record.completedAt,
    validUntil: record.validUntil,
    scorePercent: record.hasQuiz ? record.score : undefined,
    issuerName: record.issuerName,
    verifyUrl,
  });
  const key = certificateObjectKey(record.tenantId, record.certificateId);
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET_NAME, Key: key, Body: bytes, ContentType: CERTIFICATE_CONTENT_TYPE, ContentLength: bytes.byteLength }),
  );
  await recordCertificateFile(db, record.tenantId, record.certificateId, key, verifyUrl);
  return { key, verifyUrl };
}

/** A short-lived download URL of a stored certificate PDF. */
export function certificateDownloadUrl(record: CertificateRecord & { key: string }, expiresInSeconds: number): Promise<string> {
  return presignDownload(record.tenantId, { key: record.key, fileName: certificateFileName(record), contentType: CERTIFICATE_CONTENT_TYPE }, expiresInSeconds);
}
