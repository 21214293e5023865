/**
 * Completion — in the request that meets the last requirement (no batch job, no waiting for a cron run): one
 * transaction: the cycle becomes `completed` (condition: still open), with `validUntil` = completion day + the
 * course's validity; the `completed` counter; the certificate record (everything printed on it); the xAPI
 * `completed` statement. Two requests that meet the last two requirements at the same moment both try; one wins.
 *
 * The certificate is issued with the record: its id, what it says and its public verification (`GET /verify/…`,
 * from the record) exist from this moment. Its PDF is rendered from the record on the first download
 * (`download-certificate.handler`), so the learning functions carry no PDF, QR or S3 code and completing costs no
 * rendering.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemRead } from '#core/item-reads';
import { logger } from '#core/logger';
import { tenantConfig, tenantConfigRead } from '#functions/tenants/config';
import type { CertificateRecord } from '../certificates/store.ts';
import type { Course, Employee } from '../model.ts';
import { completedStatement } from '../xapi/statements.ts';
import { berlinDate } from '#core/dates';
import { isOpen, requirementsMet, statementContext, validUntilFor, type EnrolmentRecord } from './domain.ts';
import { completeEnrolment, getCycle } from './store.ts';

export interface Completion {
  enrolment: EnrolmentRecord;
  certificate: CertificateRecord;
}

function missingIssuer(tenantId: string, error: unknown): string {
  logger.warn('No tenant configuration for the certificate issuer; using the tenant id', { tenantId, errorName: (error as Error).name });
  return tenantId;
}

/** The issuer printed on certificates: the tenant's display name (its id, should the configuration be missing). */
async function issuerName(db: DynamoDBDocumentClient, tenantId: string): Promise<string> {
  try {
    return (await tenantConfig(db, tenantId)).displayName;
  } catch (error) {
    return missingIssuer(tenantId, error);
  }
}

/** The issuer's name as a read for `readItems`, for a request that may complete a cycle (saves a call then). */
export function issuerRead(tenantId: string): ItemRead<string> {
  const read = tenantConfigRead(tenantId);
  return {
    key: read.key,
    parse: (item) => {
      try {
        return read.parse(item).displayName;
      } catch (error) {
        return missingIssuer(tenantId, error);
      }
    },
  };
}

const MAX_RACES = 3;

/**
 * Completes the cycle if every requirement is met now; undefined when not (yet), or when another request did.
 * `issuerName`: read already with the request's other items (`issuerRead`); read here otherwise. A cycle that changed
 * meanwhile in a way that leaves it open (a rule assigned it) is read again and completed as it now is.
 */
export async function completeIfDone(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; course: Course; employee: Employee; now: Date; issuerName?: string | undefined },
): Promise<Completion | undefined> {
  const { course, employee, now } = input;
  let enrolment: EnrolmentRecord | undefined = input.enrolment;
  let issuer = input.issuerName;
  for (let race = 0; race < MAX_RACES && enrolment; race++) {
    if (!isOpen(enrolment) || !requirementsMet(enrolment, course)) return undefined;
    const completedAt = now.toISOString();
    const validUntil = validUntilFor(berlinDate(now), course.validityMonths);
    const hasQuiz = course.questions.length > 0;
    issuer ??= await issuerName(db, enrolment.tenantId);
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
      issuerName: issuer,
      issuedAt: completedAt,
    };
    const completed = await completeEnrolment(db, {
      enrolment,
      certificate,
      statement: completedStatement(statementContext(enrolment, employee, course, now)),
      now,
    });
    if (completed) {
      logger.info('Training completed', { tenantId: enrolment.tenantId, courseId: enrolment.courseId, cycle: enrolment.cycle, certificateId: certificate.certificateId });
      return {
        enrolment: { ...enrolment, status: 'completed', completedAt, ...(validUntil !== undefined ? { validUntil } : {}), certificateId: certificate.certificateId, updatedAt: completedAt },
        certificate,
      };
    }
    enrolment = await getCycle(db, enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle);
  }
  return undefined;
}
