import type { EnrolmentRecord } from '../enrolments/domain.ts';
import type { CertificateRecord } from './store.ts';

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** Revoked if withdrawn; expired once its last valid day has passed; otherwise valid. */
export function certificateStatus(record: Pick<CertificateRecord, 'validUntil' | 'revokedAt'>, today: string): CertificateStatus {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.validUntil !== undefined && record.validUntil < today) return 'expired';
  return 'valid';
}

/** A certificate as its holder sees it in lists: no file key, no name (they know it). */
export function certificateView(record: CertificateRecord, today: string) {
  return {
    certificateId: record.certificateId,
    courseId: record.courseId,
    courseTitle: record.courseTitle,
    courseVersion: record.courseVersion,
    completedAt: record.completedAt,
    ...(record.validUntil !== undefined ? { validUntil: record.validUntil } : {}),
    ...(record.hasQuiz ? { scorePercent: record.score } : {}),
    status: certificateStatus(record, today),
  };
}

/** The certificate of a completed (or since expired) cycle, from the cycle alone (for `GET /training/me`). */
export function certificateOfCycle(enrolment: EnrolmentRecord, today: string) {
  if (enrolment.certificateId === undefined || enrolment.completedAt === undefined) return undefined;
  return {
    certificateId: enrolment.certificateId,
    courseId: enrolment.courseId,
    ...(enrolment.courseTitle !== undefined ? { courseTitle: enrolment.courseTitle } : {}),
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    completedAt: enrolment.completedAt,
    ...(enrolment.validUntil !== undefined ? { validUntil: enrolment.validUntil } : {}),
    status: certificateStatus(enrolment, today),
  };
}
