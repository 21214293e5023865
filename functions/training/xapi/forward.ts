/**
 * Forwarding xAPI statements to a tenant's external LRS (tenant config `trainingLrsEndpoint`).
 *
 * A cursor per tenant (`<t>#XAPI-FORWARD` / `CURSOR`) remembers the last statement the LRS accepted. Each run posts
 * the next batch (`POST <endpoint>/statements`, xAPI 1.0.3) and moves the cursor only after the LRS answered 2xx, so
 * a failed run is simply retried by the next one — nothing is lost, and an LRS that receives a statement id twice
 * keeps it once (statements are immutable and carry their id). Statements younger than a few minutes are left for
 * the next run: a request that is still committing may store a statement with a slightly earlier time.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { XAPI_VERSION } from './statements.ts';
import { statementsAfter } from './store.ts';

export const FORWARD_LAG_MS = 5 * 60_000;
export const BATCH_SIZE = 50;
const MAX_BATCHES_PER_RUN = 20;

interface ForwardCursor {
  lastSk?: string;
  endpoint: string;
  forwarded: number;
  failures: number;
  lastError?: string;
  lastAttemptAt?: string;
}

const cursorKey = (tenantId: string) => ({ PK: partitionKey(tenantId, 'XAPI-FORWARD'), SK: 'CURSOR' });

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ ok: boolean; status: number }>;

export async function forwardStatements(
  db: DynamoDBDocumentClient,
  tenantId: string,
  endpoint: string,
  options: { now: Date; fetch: Fetch },
): Promise<{ forwarded: number; error?: string }> {
  const stored = (await db.send(new GetCommand({ TableName: TABLE_NAME, Key: cursorKey(tenantId) }))).Item as ForwardCursor | undefined;
  // A new endpoint starts from the beginning: the new LRS gets the whole history.
  const cursor: ForwardCursor = stored && stored.endpoint === endpoint ? stored : { endpoint, forwarded: 0, failures: 0 };
  const before = new Date(options.now.getTime() - FORWARD_LAG_MS);
  let forwarded = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
    const items = await statementsAfter(db, tenantId, { ...(cursor.lastSk ? { afterSk: cursor.lastSk } : {}), before, limit: BATCH_SIZE });
    if (items.length === 0) break;
    let response: { ok: boolean; status: number };
    try {
      response = await options.fetch(`${endpoint.replace(/\/+$/, '')}/statements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-experience-api-version': XAPI_VERSION },
        body: JSON.stringify(items.map((item) => item.statement)),
      });
    } catch (error) {
      response = { ok: false, status: 0 };
      cursor.lastError = (error as Error).name;
    }
    cursor.lastAttemptAt = options.now.toISOString();
    if (!response.ok) {
      cursor.failures += 1;
      cursor.lastError = cursor.lastError ?? `HTTP ${response.status}`;
      await saveCursor(db, tenantId, cursor);
      return { forwarded, error: cursor.lastError };
    }
    cursor.lastSk = items.at(-1)!.sk;
    cursor.forwarded += items.length;
    cursor.failures = 0;
    delete cursor.lastError;
    forwarded += items.length;
    await saveCursor(db, tenantId, cursor);
  }
  return { forwarded };
}

async function saveCursor(db: DynamoDBDocumentClient, tenantId: string, cursor: ForwardCursor): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { ...cursorKey(tenantId), ...cursor } }));
}
