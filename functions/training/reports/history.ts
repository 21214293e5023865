/**
 * Compliance over time. The counters and the due index say how things stand today; how they stood last month is gone
 * unless somebody wrote it down. So the daily job writes the day's figures per course — the very numbers of the
 * compliance report, summed over departments — once a day (a later run of the same day replaces them).
 *
 * Key: `<t>#TRAINING-HISTORY` / `<yyyy-mm-dd>`; one small item per tenant and day (a few courses).
 *
 * Access patterns:
 * - write the day's snapshot:          PutItem (idempotent per day)
 * - the snapshots of a period:         Query `<t>#TRAINING-HISTORY`, SK BETWEEN from AND to
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#core/ddb';
import { partitionKey } from '#core/keys';
import * as z from '#core/zod';
import { completionRate, type ComplianceRow } from './domain.ts';

const count = z.int().check(z.nonnegative());
const figures = { assigned: count, completed: count, overdue: count, rate: z.nullable(z.number()) };

export const courseFiguresSchema = z.object({ courseId: z.string(), ...figures });
export const complianceSnapshotSchema = z.object({ date: z.string(), ...figures, courses: z.array(courseFiguresSchema) });
export type ComplianceSnapshot = z.infer<typeof complianceSnapshotSchema>;

/** `GET /training/reports/history` */
export const complianceHistorySchema = z.object({ from: z.string(), to: z.string(), items: z.array(complianceSnapshotSchema) });

/** The compliance report's rows of one day, per course and in all (every person counted once per course). */
export function snapshotOf(date: string, rows: readonly ComplianceRow[]): ComplianceSnapshot {
  const courses = new Map<string, { assigned: number; completed: number; overdue: number }>();
  for (const row of rows) {
    const entry = courses.get(row.courseId) ?? { assigned: 0, completed: 0, overdue: 0 };
    courses.set(row.courseId, { assigned: entry.assigned + row.assigned, completed: entry.completed + row.completed, overdue: entry.overdue + row.overdue });
  }
  const perCourse = [...courses]
    .filter(([, entry]) => entry.assigned > 0 || entry.overdue > 0)
    .map(([courseId, entry]) => ({ courseId, ...entry, rate: completionRate(entry.completed, entry.assigned) }))
    .sort((a, b) => a.courseId.localeCompare(b.courseId));
  const total = perCourse.reduce((sum, entry) => ({ assigned: sum.assigned + entry.assigned, completed: sum.completed + entry.completed, overdue: sum.overdue + entry.overdue }), {
    assigned: 0,
    completed: 0,
    overdue: 0,
  });
  return { date, ...total, rate: completionRate(total.completed, total.assigned), courses: perCourse };
}

const historyPartition = (tenantId: string) => partitionKey(tenantId, 'TRAINING-HISTORY');

export async function putSnapshot(db: DynamoDBDocumentClient, tenantId: string, snapshot: ComplianceSnapshot, now: Date): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { PK: historyPartition(tenantId), SK: snapshot.date, ...snapshot, takenAt: now.toISOString() } }));
}

/** The snapshots from `from` to `to` (inclusive), oldest first; days without a run are missing. */
export async function snapshotsBetween(db: DynamoDBDocumentClient, tenantId: string, from: string, to: string): Promise<ComplianceSnapshot[]> {
  const items: ComplianceSnapshot[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': historyPartition(tenantId), ':from': from, ':to': to },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    items.push(...(result.Items ?? []).map((item) => z.parse(complianceSnapshotSchema, item)));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return items;
}
