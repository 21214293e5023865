/**
 * Everything the platform stores about one person of one tenant — the basis of an access export (Art. 15 DSGVO) and
 * of the review of an erasure request (Art. 17). Read through each capability's own functions, keyed by the person's
 * user id (Cognito `sub`) in the tenant's partitions only: the tenant-scoped client cannot reach another tenant, and
 * every query is by this person's key, so nothing of another person is in it.
 *
 * Record types: applications (form, status, timeline, documents), their payments, drafts, businesses in the trade
 * register, the training record (if the person is an employee), and the audit trail entries about the person.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#core/ddb';
import { getTimeline, listByApplicant, stripInternal } from '#functions/applications/store';
import type { Application, TimelineEntry } from '#functions/applications/model';
import { draftsOf } from '#functions/applications/drafts/store';
import type { Draft } from '#functions/applications/drafts/domain';
import { subjectPartition } from '#functions/audit/trail';
import type { AuditEntry } from '#functions/audit/schemas';
import type { PaymentRecord } from '#functions/payments/domain';
import { getPayment, getPaymentIdForApplication } from '#functions/payments/store';
import { businessesOf, type BusinessEntry } from '#functions/services/business/trade-register';
import { getEmployee } from '#functions/training/employees/store';
import { enrolmentsOf } from '#functions/training/enrolments/store';
import type { EnrolmentRecord } from '#functions/training/enrolments/domain';
import type { Employee } from '#functions/training/model';
import { getHold, type LegalHold } from './retention-store.ts';

export interface PersonApplication {
  application: Application;
  timeline: TimelineEntry[];
  payment?: PaymentRecord;
  hold?: LegalHold;
}

export interface PersonData {
  tenantId: string;
  userId: string;
  applications: PersonApplication[];
  drafts: Draft[];
  businesses: BusinessEntry[];
  training?: { employee: Employee; enrolments: EnrolmentRecord[] };
  auditEntries: AuditEntry[];
}

/** The audit trail's entries about a person (its GSI2, `subjectId`), oldest first; ids only by the trail's design. */
async function auditEntriesAbout(db: DynamoDBDocumentClient, tenantId: string, userId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({ TableName: TABLE_NAME, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': subjectPartition(tenantId, userId) }, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      entries.push({ tenantId: item.tenantId, actorId: item.actorId, role: item.role, action: item.action, recordType: item.recordType, recordId: item.recordId, subjectId: item.subjectId, purpose: item.purpose, at: item.at });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
}

async function applicationsOf(db: DynamoDBDocumentClient, tenantId: string, userId: string): Promise<Application[]> {
  const all: Application[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listByApplicant(db, tenantId, userId, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

export async function personData(db: DynamoDBDocumentClient, tenantId: string, userId: string): Promise<PersonData> {
  const [applications, drafts, businesses, employee, auditEntries] = await Promise.all([
    applicationsOf(db, tenantId, userId),
    draftsOf(db, tenantId, userId),
    businessesOf(db, tenantId, userId),
    getEmployee(db, tenantId, userId),
    auditEntriesAbout(db, tenantId, userId),
  ]);
  const withDetails = await Promise.all(
    applications.map(async (app): Promise<PersonApplication> => {
      const [timeline, paymentId, hold] = await Promise.all([
        getTimeline(db, tenantId, app.applicationId),
        getPaymentIdForApplication(db, tenantId, app.applicationId, app.paymentAttempt ?? 1),
        getHold(db, tenantId, app.applicationId),
      ]);
      const payment = paymentId ? await getPayment(db, tenantId, paymentId) : undefined;
      return { application: stripInternal(app), timeline, ...(payment ? { payment } : {}), ...(hold ? { hold } : {}) };
    }),
  );
  return {
    tenantId,
    userId,
    applications: withDetails,
    drafts: drafts.drafts,
    businesses,
    ...(employee ? { training: { employee, enrolments: await enrolmentsOf(db, tenantId, userId) } } : {}),
    auditEntries,
  };
}
