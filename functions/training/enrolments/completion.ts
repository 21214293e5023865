/**
 * Completion — in the request that meets the last requirement (no batch job, no waiting for a cron run):
 *
 * 1. one transaction: the cycle becomes `completed` (condition: still open), with `validUntil` = completion day +
 *    the course's validity; the `completed` counter; the certificate record (everything printed on it); the xAPI
 *    `completed` statement. Two requests that meet the last two requirements at the same moment both try; one wins.
 * 2. then the PDF is rendered and stored. If that fails, the certificate exists without `key` and is rendered on its
 *    first download (or by the daily job) — the completion is never lost to a PDF problem.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { tenantConfig } from '#functions/tenants/config';
import type { CertificateRecord } from '../certificates/store.ts';
import type { Course, Employee } from '../model.ts';
import { completedStatement } from '../xapi/statements.ts';
import { berlinDate } from '#core/dates';
import { isOpen, requirementsMet, statementContext, validUntilFor, type EnrolmentRecord } from './domain.ts';
import { completeEnrolment } from './store.ts';

export interface Completion {
  enrolment: EnrolmentRecord;
  certificate: CertificateRecord;
}

/** The issuer printed on certificates: the tenant's display name (its id, should the configuration be missing). */
async function issuerName(db: DynamoDBDocumentClient, tenantId: string): Promise<string> {
  try {
    return (await tenantConfig(db, tenantId)).displayName;
  } catch (error) {
    logger.warn('No tenant configuration for the certificate issuer; using the tenant id', { tenantId, errorName: (error as Error).name });
    return tenantId;
  }
}

/** Completes the cycle if every requirement is met now; undefined when not (yet), or when another request did. */
export async function completeIfDone(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; course: Course; employee: Employee; now: Date },
): Promise<Completion | undefined> {
  const { enrolment, course, employee, now } = input;
  if (!isOpen(enrolment) || !requirementsMet(enrolment, course)) return undefined;
  const completedAt = now.toISOString();
  const validUntil = validUntilFor(berlinDate(now), course.validityMonths);
  const hasQuiz = course.questions.length > 0;
  const certificate: CertificateRecord = {
    certificateId: randomUUID(),
    tenantId: enrolment.tenantId,
    employeeId: enrolment.employeeId,
    employeeName: employee.name,
    courseId: enrolment.courseId,
    courseTitle: course.title,
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    completedAt,
    ...(validUntil !== undefined ? { validUntil } : {}),
    score: hasQuiz ? (enrolment.passedScore ?? enrolment.bestScore ?? 0) : 100,
    hasQuiz,
    issuerName: await issuerName(db, enrolment.tenantId),
    issuedAt: completedAt,
  };
  const completed = await completeEnrolment(db, {
    enrolment,
    certificate,
    statement: completedStatement(statementContext(enrolment, employee, course, now)),
    now,
  });
  if (!completed) return undefined;
  logger.info('Training completed', { tenantId: enrolment.tenantId, courseId: enrolment.courseId, cycle: enrolment.cycle, certificateId: certificate.certificateId });

  let issued = certificate;
  try {
    const { issueCertificatePdf } = await import('../certificates/files.ts');
    issued = { ...certificate, key: await issueCertificatePdf(db, certificate) };
  } catch (error) {
    // The record exists; the PDF is rendered on the first download (or by the daily job).
    logger.error('Certificate PDF not issued; it will be rendered later', { tenantId: enrolment.tenantId, certificateId: certificate.certificateId, error: error as Error });
  }
  return {
    enrolment: { ...enrolment, status: 'completed', completedAt, ...(validUntil !== undefined ? { validUntil } : {}), certificateId: certificate.certificateId },
    certificate: issued,
  };
}
