/**
 * Requests store — a person's access exports (Art. 15 DSGVO) and erasure requests (Art. 17), in the person's tenant.
 *
 * Access patterns (PK / SK):
 * - export job:        `<t>#PRIVACY-EXPORT#<exportId>` / `EXPORT`   TTL `expiresAt` (30 days: the download window)
 *     GSI1 `<t>#PRIVACY-OF#<userId>` / `EXPORT#<requestedAt>#<id>`       the person's exports and requests, newest first
 *     GSI2 `<t>#PRIVACY-EXPORTS#pending` / `<requestedAt>#<id>`          while pending (sparse): the owner after a crash —
 *                                                                        the exports schedule finishes what a request began
 * - erasure request:   `<t>#PRIVACY-REQUEST#<requestId>` / `REQUEST`
 *     GSI1 `<t>#PRIVACY-OF#<userId>` / `REQUEST#<requestedAt>#<id>`
 *     GSI2 `<t>#PRIVACY-REQUESTS#<status>` / `<requestedAt>#<id>`         the DPO's list (open / decided), oldest first
 *
 * A job is produced by whoever holds its lease (`claimedUntil`, a conditional update): the request that created it
 * tries at once, the schedule takes over jobs whose lease ran out. A request is decided once (conditional on `open`).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import type { PlanItem } from './erasure-plan.ts';
import type { PrivacyDocument } from './documents.ts';

export const EXPORT_DOWNLOAD_DAYS = 30;
/** How long a producer holds a job; far longer than producing one takes, so only a dead producer's lease runs out. */
export const EXPORT_LEASE_MS = 5 * 60_000;

export type ExportStatus = 'pending' | 'ready' | 'failed';
export interface ExportJob {
  exportId: string;
  tenantId: string;
  userId: string;
  email?: string;
  status: ExportStatus;
  requestedAt: string;
  readyAt?: string;
  attempts: number;
  documents?: { json: PrivacyDocument; pdf: PrivacyDocument };
}

export type RequestStatus = 'open' | 'decided';
export interface ErasureRequest {
  requestId: string;
  tenantId: string;
  userId: string;
  email?: string;
  status: RequestStatus;
  requestedAt: string;
  /** The person's words (optional): what they want erased and why. Shown to the DPO only. */
  message?: string;
  decision?: { decidedBy: string; decidedAt: string; answer: string; erased: PlanItem[]; kept: PlanItem[] };
}

export class RequestAlreadyDecided extends Conflict {}

/** A request as the person sees it (`erasureRequestViewSchema`): who decided stays internal. */
export function personView(request: ErasureRequest) {
  const { requestId, status, requestedAt, message, decision } = request;
  return {
    requestId, status, requestedAt, ...(message ? { message } : {}),
    ...(decision ? { decision: { decidedAt: decision.decidedAt, answer: decision.answer, erased: decision.erased, kept: decision.kept } } : {}),
  };
}

/** A request as the data protection officer's list and review show it: the person's view and their user id. */
export function officerView(request: ErasureRequest) {
  return { ...personView(request), userId: request.userId };
}

const exportKey = (tenantId: string, exportId: string) => ({ PK: partitionKey(tenantId, 'PRIVACY-EXPORT', exportId), SK: 'EXPORT' });
const requestKey = (tenantId: string, requestId: string) => ({ PK: partitionKey(tenantId, 'PRIVACY-REQUEST', requestId), SK: 'REQUEST' });
const personIndex = (tenantId: string, userId: string, kind: 'EXPORT' | 'REQUEST', at: string, id: string) => ({ GSI1PK: partitionKey(tenantId, 'PRIVACY-OF', userId), GSI1SK: `${kind}#${at}#${id}` });
const pendingExports = (tenantId: string) => partitionKey(tenantId, 'PRIVACY-EXPORTS', 'pending');
const requestsBy = (tenantId: string, status: RequestStatus) => partitionKey(tenantId, 'PRIVACY-REQUESTS', status);

const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'claimedUntil', 'expiresAt'];
function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const field of INTERNAL) delete copy[field];
  return copy as T;
}

export async function createExport(db: DynamoDBDocumentClient, job: ExportJob, now: Date): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...exportKey(job.tenantId, job.exportId),
        ...personIndex(job.tenantId, job.userId, 'EXPORT', job.requestedAt, job.exportId),
        GSI2PK: pendingExports(job.tenantId),
        GSI2SK: `${job.requestedAt}#${job.exportId}`,
        ...job,
        claimedUntil: now.getTime() + EXPORT_LEASE_MS,
        expiresAt: Math.floor(now.getTime() / 1000) + EXPORT_DOWNLOAD_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** Takes over a pending job whose lease ran out; false when another producer holds it or it is done. */
export async function claimExport(db: DynamoDBDocumentClient, tenantId: string, exportId: string, now: Date): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: exportKey(tenantId, exportId),
        UpdateExpression: 'SET claimedUntil = :until ADD attempts :one',
        ConditionExpression: '#status = :pending AND claimedUntil < :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':until': now.getTime() + EXPORT_LEASE_MS, ':one': 1, ':pending': 'pending', ':now': now.getTime() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function finishExport(db: DynamoDBDocumentClient, tenantId: string, exportId: string, outcome: { status: 'ready'; documents: ExportJob['documents']; at: Date } | { status: 'failed'; at: Date }): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: exportKey(tenantId, exportId),
      UpdateExpression: `SET #status = :status, readyAt = :at${outcome.status === 'ready' ? ', documents = :documents' : ''} REMOVE GSI2PK, GSI2SK`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': outcome.status, ':at': outcome.at.toISOString(), ':pending': 'pending', ...(outcome.status === 'ready' ? { ':documents': outcome.documents } : {}) },
    }),
  );
}

export async function getExport(db: DynamoDBDocumentClient, tenantId: string, exportId: string): Promise<ExportJob | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: exportKey(tenantId, exportId), ConsistentRead: true }));
  return result.Item ? strip<ExportJob>(result.Item) : undefined;
}

/** Pending jobs requested before `before`, oldest first (the schedule's work). */
export async function pendingExportsBefore(db: DynamoDBDocumentClient, tenantId: string, before: Date, limit = 20): Promise<ExportJob[]> {
  const result = await db.send(
    new QueryCommand({ TableName: TABLE_NAME, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before', ExpressionAttributeValues: { ':pk': pendingExports(tenantId), ':before': before.toISOString() }, Limit: limit }),
  );
  return (result.Items ?? []).map((item) => strip<ExportJob>(item));
}

/** The person's exports and erasure requests, newest first. */
export async function requestsOfPerson(db: DynamoDBDocumentClient, tenantId: string, userId: string): Promise<{ exports: ExportJob[]; requests: ErasureRequest[] }> {
  const result = await db.send(
    new QueryCommand({ TableName: TABLE_NAME, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'PRIVACY-OF', userId) }, ScanIndexForward: false, Limit: 100 }),
  );
  const items = result.Items ?? [];
  return {
    exports: items.filter((item) => item.SK === 'EXPORT').map((item) => strip<ExportJob>(item)),
    requests: items.filter((item) => item.SK === 'REQUEST').map((item) => strip<ErasureRequest>(item)),
  };
}

export async function createErasureRequest(db: DynamoDBDocumentClient, request: ErasureRequest): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...requestKey(request.tenantId, request.requestId),
        ...personIndex(request.tenantId, request.userId, 'REQUEST', request.requestedAt, request.requestId),
        GSI2PK: requestsBy(request.tenantId, 'open'),
        GSI2SK: `${request.requestedAt}#${request.requestId}`,
        ...request,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function getErasureRequest(db: DynamoDBDocumentClient, tenantId: string, requestId: string): Promise<ErasureRequest | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: requestKey(tenantId, requestId), ConsistentRead: true }));
  return result.Item ? strip<ErasureRequest>(result.Item) : undefined;
}

export async function erasureRequestsWith(db: DynamoDBDocumentClient, tenantId: string, status: RequestStatus, limit = 100): Promise<ErasureRequest[]> {
  const result = await db.send(
    new QueryCommand({ TableName: TABLE_NAME, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': requestsBy(tenantId, status) }, ScanIndexForward: status === 'open', Limit: limit }),
  );
  return (result.Items ?? []).map((item) => strip<ErasureRequest>(item));
}

/** Records the decision once; `RequestAlreadyDecided` when another decision came first. */
export async function recordDecision(db: DynamoDBDocumentClient, request: ErasureRequest, decision: NonNullable<ErasureRequest['decision']>): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: requestKey(request.tenantId, request.requestId),
        UpdateExpression: 'SET #status = :decided, decision = :decision, GSI2PK = :pk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open', ':decision': decision, ':pk': requestsBy(request.tenantId, 'decided') },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new RequestAlreadyDecided('Über diesen Antrag wurde bereits entschieden.');
    throw error;
  }
}
