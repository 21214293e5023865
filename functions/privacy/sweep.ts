/**
 * The daily retention sweep of one tenant: every closed case whose retention period has ended is erased — its
 * partition in the table, its documents in S3 — unless a legal hold stops it; what stays is an anonymised count
 * (service, year, outcome) for the reports. DynamoDB TTL removes what needs nothing else (drafts, idempotency
 * records, export jobs); cases go through here because their S3 objects must go too and each erasure is recorded.
 *
 * Idempotent: a case is erased in steps that a repeated run completes (see retention-store.ts), and its marker goes
 * only with the application itself.
 */
import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BUCKET_NAME, s3 } from '#core/s3';
import { FINAL_STATUSES, type ApplicationStatus } from '#functions/applications/model';
import { DESCRIPTORS } from '#functions/services/descriptors';
import { expiredBefore, serviceRetention, type RetentionSettings } from './retention.ts';
import { caseItems, closedBefore, dropMarker, eraseCase, type ClosedMarker } from './retention-store.ts';

export type SweepDecision =
  | { action: 'erase'; status: ApplicationStatus; year: string; documentKeys: string[]; subjectId?: string }
  | { action: 'keep'; reason: 'legal-hold' }
  | { action: 'drop-marker'; reason: 'gone' | 'reopened' };

/**
 * What to do with a case whose marker is due. Pure. The marker is stale when the case is gone (erased on request)
 * or was reopened after it (paying again): a later close wrote a newer marker, which decides then.
 */
export function decideCase(tenantId: string, marker: ClosedMarker, items: ReadonlyArray<Record<string, any>>): SweepDecision {
  const app = items.find((item) => item.SK === 'META');
  if (!app) return { action: 'drop-marker', reason: 'gone' };
  if (!FINAL_STATUSES.includes(app.status) || app.updatedAt > marker.closedAt) return { action: 'drop-marker', reason: 'reopened' };
  if (items.some((item) => item.SK === 'HOLD')) return { action: 'keep', reason: 'legal-hold' };
  const documents: Array<{ key: string }> = app.documents ?? [];
  return { action: 'erase', status: app.status, year: String(app.createdAt).slice(0, 4), documentKeys: tenantDocumentKeys(tenantId, documents), subjectId: app.applicantId };
}

/** The S3 keys of a case's documents; each lies below the tenant's prefix, anything else is a bug and refused. */
export function tenantDocumentKeys(tenantId: string, documents: ReadonlyArray<{ key: string }>): string[] {
  return documents.map(({ key }) => {
    if (!key.startsWith(`${tenantId}/`)) throw new Error('A document key outside the tenant prefix');
    return key;
  });
}

export interface SweepTotals {
  erased: number;
  held: number;
  stale: number;
}

/**
 * Records an erasure in the audit trail. Called before the case is removed: a crash after it repeats the erasure and
 * records it twice, which is better than an erasure nobody can see.
 */
export type ErasureRecorder = (erased: { applicationId: string; subjectId?: string }) => Promise<void>;

export async function sweepTenant(db: DynamoDBDocumentClient, tenantId: string, settings: RetentionSettings | undefined, now: Date, record: ErasureRecorder): Promise<SweepTotals> {
  const totals: SweepTotals = { erased: 0, held: 0, stale: 0 };
  for (const serviceId of Object.keys(DESCRIPTORS)) {
    const rule = serviceRetention(settings, serviceId);
    // Gewerbe data count from the deregistration of the business, which closing an application is not.
    if (rule.starts !== 'closed') continue;
    const cutoff = expiredBefore(now, rule.period);
    const held = new Set<string>();
    for (;;) {
      // Held cases stay in the partition; the query pages past them by asking for more than were held.
      const due = (await closedBefore(db, tenantId, serviceId, cutoff, held.size + 50)).filter((marker) => !held.has(marker.applicationId));
      if (due.length === 0) break;
      for (const marker of due) {
        const items = await caseItems(db, tenantId, marker.applicationId);
        const decision = decideCase(tenantId, marker, items);
        if (decision.action === 'keep') {
          held.add(marker.applicationId);
          totals.held += 1;
        } else if (decision.action === 'drop-marker') {
          await dropMarker(db, tenantId, marker);
          totals.stale += 1;
        } else {
          await record({ applicationId: marker.applicationId, subjectId: decision.subjectId });
          if (decision.documentKeys.length > 0) {
            await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET_NAME, Delete: { Objects: decision.documentKeys.map((Key) => ({ Key })), Quiet: true } }));
          }
          if (await eraseCase(db, tenantId, marker, items, { status: decision.status, year: decision.year })) totals.erased += 1;
          else held.add(marker.applicationId);
        }
      }
    }
  }
  return totals;
}
