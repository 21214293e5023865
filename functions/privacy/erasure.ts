/**
 * Carries out the erasure the data protection officer approved: every record the plan marks `erase` (erasure-plan.ts),
 * nothing else. Each erasure is recorded in the audit trail first (a crash after it repeats the erasure, which is
 * idempotent, rather than leave an erasure nobody sees). An application goes like an expired one (retention-store.ts:
 * its partition, its documents in S3, an anonymised count stays); a draft with its expiry notice; a payment with its
 * provider events and the application's pointer to it.
 */
import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { partitionKey } from '#core/keys';
import { BUCKET_NAME, s3 } from '#core/s3';
import { deleteDraft } from '#functions/applications/drafts/store';
import { appendAudit, type AuditEntry } from '#functions/audit/trail';
import type { PlanItem } from './erasure-plan.ts';
import type { PersonData } from './inventory.ts';
import { caseItems, deleteItems, eraseCase, partitionItems } from './retention-store.ts';
import { tenantDocumentKeys } from './sweep.ts';

/** Erases the `erase` items of the plan; answers the items that were erased (a case changed meanwhile is not). */
export async function carryOutErasure(db: DynamoDBDocumentClient, data: PersonData, plan: readonly PlanItem[], audit: Omit<AuditEntry, 'action' | 'recordType' | 'recordId' | 'subjectId'>): Promise<PlanItem[]> {
  const { tenantId, userId } = data;
  const erased: PlanItem[] = [];
  for (const item of plan.filter((candidate) => candidate.action === 'erase')) {
    await appendAudit(db, [{ ...audit, action: 'erase', recordType: item.recordType, recordId: item.recordId, subjectId: userId }]);
    if (item.recordType === 'draft') {
      await deleteDraft(db, tenantId, userId, item.recordId);
    } else if (item.recordType === 'payment') {
      const owner = data.applications.find(({ payment }) => payment?.paymentId === item.recordId)!;
      await deleteItems(db, [...(await partitionItems(db, partitionKey(tenantId, 'PAYMENT', item.recordId))), { PK: partitionKey(tenantId, 'APPLICATION-PAYMENT', owner.application.applicationId), SK: 'PAYMENT' }]);
    } else if (item.recordType === 'application') {
      const { application: app } = data.applications.find(({ application }) => application.applicationId === item.recordId)!;
      const keys = tenantDocumentKeys(tenantId, app.documents);
      if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET_NAME, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
      const marker = { serviceId: app.serviceId, applicationId: app.applicationId, closedAt: app.updatedAt };
      if (!(await eraseCase(db, tenantId, marker, await caseItems(db, tenantId, app.applicationId), { status: app.status, year: app.createdAt.slice(0, 4) }))) continue;
    } else {
      continue; // businesses and training records are never erased here (the plan keeps them)
    }
    erased.push(item);
  }
  return erased;
}
