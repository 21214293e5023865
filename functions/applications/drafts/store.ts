/**
 * Draft store — the only code that talks to DynamoDB about drafts. One partition per person, in their tenant.
 *
 * Access patterns (PK / SK):
 * - a person's draft of a service:   `<t>#DRAFT#<userId>` / `DRAFT#<serviceId>`   (TTL `expiresAt`: the draft's expiry)
 * - the notice that it expires:      `<t>#DRAFT#<userId>` / `EXPIRY#<serviceId>`  (TTL `expiresAt`: 90 days later;
 *                                    holds the service and the draft's expiry, nothing of the form)
 * - a person's drafts and notices:   Query `<t>#DRAFT#<userId>`
 *
 * A save writes the draft (conditional on the version the client last saw, or on there being no live draft) and
 * its notice in one transaction; a delete removes both, also within the transaction that stores a submitted
 * application (`../store.ts`, `createApplication`).
 */
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { draftExpiry, noticeExpiry, type Draft, type ExpiryNotice } from './domain.ts';

/** The save was based on another version (or on none while a draft exists): the client must load the draft again. */
export class DraftVersionMismatch extends Error {
  override readonly name = 'DraftVersionMismatch';
}

const draftPartition = (tenantId: string, userId: string) => partitionKey(tenantId, 'DRAFT', userId);
const draftKey = (tenantId: string, userId: string, serviceId: string) => ({ PK: draftPartition(tenantId, userId), SK: `DRAFT#${serviceId}` });
const noticeKey = (tenantId: string, userId: string, serviceId: string) => ({ PK: draftPartition(tenantId, userId), SK: `EXPIRY#${serviceId}` });

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

function parseDraft(item: Record<string, unknown> | undefined): Draft | undefined {
  if (!item) return undefined;
  return {
    serviceId: String(item.serviceId),
    form: (item.form ?? {}) as Record<string, unknown>,
    ...(typeof item.step === 'string' ? { step: item.step } : {}),
    ...(item.uploads ? { uploads: item.uploads as Draft['uploads'] } : {}),
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
    expiresAt: String(item.draftExpiresAt),
  };
}

function parseNotice(item: Record<string, unknown> | undefined): ExpiryNotice | undefined {
  return item ? { serviceId: String(item.serviceId), draftExpiresAt: String(item.draftExpiresAt) } : undefined;
}

export function draftRead(tenantId: string, userId: string, serviceId: string): ItemRead<Draft | undefined> {
  return { key: draftKey(tenantId, userId, serviceId), parse: parseDraft };
}

export function expiryNoticeRead(tenantId: string, userId: string, serviceId: string): ItemRead<ExpiryNotice | undefined> {
  return { key: noticeKey(tenantId, userId, serviceId), parse: parseNotice };
}

/** A person's drafts and expiry notices (a handful: one per service at most). */
export async function draftsOf(db: DynamoDBDocumentClient, tenantId: string, userId: string): Promise<{ drafts: Draft[]; notices: ExpiryNotice[] }> {
  const drafts: Draft[] = [];
  const notices: ExpiryNotice[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': draftPartition(tenantId, userId) },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (String(item.SK).startsWith('DRAFT#')) drafts.push(parseDraft(item)!);
      else notices.push(parseNotice(item)!);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return { drafts, notices };
}

/**
 * Saves a draft: a new one when `expectedVersion` is undefined (refused while a live draft exists), else the next
 * version of the one the client holds. Every save moves the expiry {@link draftExpiry} ahead and writes its notice.
 */
export async function saveDraft(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; userId: string; serviceId: string; form: Record<string, unknown>; step?: string; uploads?: Draft['uploads']; expectedVersion?: number; now: Date },
): Promise<Draft> {
  const { tenantId, userId, serviceId, now } = input;
  const expires = draftExpiry(now);
  const at = now.toISOString();
  const creating = input.expectedVersion === undefined;
  const draft: Draft = {
    serviceId,
    form: input.form,
    ...(input.step ? { step: input.step } : {}),
    ...(input.uploads && Object.keys(input.uploads).length > 0 ? { uploads: input.uploads } : {}),
    version: creating ? 1 : input.expectedVersion! + 1,
    updatedAt: at,
    expiresAt: expires.toISOString(),
  };
  const { expiresAt, ...stored } = draft;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...draftKey(tenantId, userId, serviceId), ...stored, draftExpiresAt: expiresAt, expiresAt: epochSeconds(expires) },
              // A new draft may replace one that expired but is not deleted yet; an update needs the version seen.
              ConditionExpression: creating ? 'attribute_not_exists(PK) OR draftExpiresAt <= :now' : 'version = :expected AND draftExpiresAt > :now',
              ExpressionAttributeValues: creating ? { ':now': at } : { ':now': at, ':expected': input.expectedVersion },
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...noticeKey(tenantId, userId, serviceId), serviceId, draftExpiresAt: expiresAt, expiresAt: epochSeconds(noticeExpiry(expires)) },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new DraftVersionMismatch('The draft was saved from elsewhere meanwhile');
    throw error;
  }
  return draft;
}

/**
 * The writes that remove a person's draft of a service and its notice (nothing to remove is fine) — also part of the
 * transaction that stores a submitted application, so a submission never leaves its draft behind.
 */
export function draftDeletes(tenantId: string, userId: string, serviceId: string) {
  return [
    { Delete: { TableName: TABLE_NAME, Key: draftKey(tenantId, userId, serviceId) } },
    { Delete: { TableName: TABLE_NAME, Key: noticeKey(tenantId, userId, serviceId) } },
  ];
}

export async function deleteDraft(db: DynamoDBDocumentClient, tenantId: string, userId: string, serviceId: string): Promise<void> {
  await db.send(new TransactWriteCommand({ TransactItems: draftDeletes(tenantId, userId, serviceId) }));
}
