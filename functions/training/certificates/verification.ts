/**
 * The public status of a training certificate, for `GET /verify/{token}` (the QR code on the PDF). The QR page is
 * public: it answers course, version, dates and status — never the holder's name (whoever holds the paper sees the
 * name on it; whoever only has the link learns nothing about a person).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemTable } from '#core/ddb';
import { berlinDate } from '#core/dates';
import { getCertificate } from './store.ts';
import { certificateStatus, type CertificateStatus } from './view.ts';

export interface CertificateVerification {
  status: CertificateStatus;
  courseTitle: string;
  courseVersion: number;
  /** `yyyy-mm-dd` of completion (German local time). */
  completedOn: string;
  /** Last valid day; undefined when the certificate does not expire. */
  validUntil?: string;
}

export async function certificateVerification(
  tenantId: string,
  certificateId: string,
  now: Date,
  db: DynamoDBDocumentClient = systemTable,
): Promise<CertificateVerification | undefined> {
  const record = await getCertificate(db, tenantId, certificateId);
  if (!record) return undefined;
  return {
    status: certificateStatus(record, berlinDate(now)),
    courseTitle: record.courseTitle,
    courseVersion: record.courseVersion,
    completedOn: berlinDate(new Date(record.completedAt)),
    ...(record.validUntil !== undefined ? { validUntil: record.validUntil } : {}),
  };
}
