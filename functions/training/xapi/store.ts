/**
 * xAPI statement store — a small LRS statements resource, per tenant.
 *
 * Access patterns (PK / SK):
 * - statement:            `<t>#XAPI` / `<stored ISO time>#<statementId>`   (written once: `attribute_not_exists`)
 * - statements, by time:  `<t>#XAPI`, SK range (since) — verb and activity are filters on `verbId` / `objectId` /
 *                          `related`
 *
 * Statements are written inside the transaction of the state change they report (`statementPuts`), so a statement
 * exists exactly when its change happened and a retried request cannot store a second one: the change's own
 * condition fails first. `stored` times strictly increase within a process (a millisecond apart at least), so the
 * order in which a request's statements happened (answers, then the verdict, then `completed`) is the order of the
 * resource.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import { relatedActivities, type XapiStatement } from './statements.ts';

export const statementsPartition = (tenantId: string) => partitionKey(tenantId, 'XAPI');

let lastStored = 0;

/** Stored times strictly increase within a process, so the statements of one request keep their order. */
function nextStored(now: Date): string {
  lastStored = Math.max(now.getTime(), lastStored + 1);
  return new Date(lastStored).toISOString();
}

/** `Put`s for a TransactWriteItems call: the statements, stored at `now` (or just after, in order). */
export function statementPuts(tenantId: string, statements: readonly XapiStatement[], now: Date) {
  return statements.map((original) => {
    const stored = nextStored(now);
    const statement: XapiStatement = { ...original, stored };
    return {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          PK: statementsPartition(tenantId),
          SK: `${stored}#${statement.id}`,
          statementId: statement.id,
          verbId: statement.verb.id,
          objectId: statement.object.id,
          related: relatedActivities(statement),
          stored,
          statement,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  });
}

export interface StatementQuery {
  /** Only statements stored after this instant (exclusive), as in the LRS `since` parameter. */
  since?: string | undefined;
  verb?: string | undefined;
  activity?: string | undefined;
  /** Match `activity` also as the parent of the object (LRS `related_activities`). */
  relatedActivities?: boolean | undefined;
  ascending?: boolean | undefined;
  limit: number;
  cursor?: Record<string, unknown> | undefined;
}

export interface StatementPage {
  statements: XapiStatement[];
  cursor?: Record<string, unknown>;
}

/** At most this many reads per request while filters leave a page short. */
const MAX_READS = 5;

export async function listStatements(db: DynamoDBDocumentClient, tenantId: string, query: StatementQuery): Promise<StatementPage> {
  const pk = statementsPartition(tenantId);
  const names: Record<string, string> = { '#statement': 'statement' };
  const values: Record<string, unknown> = { ':pk': pk };
  let keyCondition = 'PK = :pk';
  // `~` sorts after every character of a UUID: a statement stored exactly at `since` is excluded.
  const after = query.since === undefined ? undefined : `${new Date(query.since).toISOString()}#~`;
  if (after !== undefined) {
    keyCondition += ' AND SK > :since';
    values[':since'] = after;
  }
  assertCursorInScope(query.cursor, { index: 'table', partition: pk, ...(after === undefined ? {} : { sortKeyAbove: after }) });
  const filters: string[] = [];
  if (query.verb !== undefined) {
    filters.push('verbId = :verb');
    values[':verb'] = query.verb;
  }
  if (query.activity !== undefined) {
    filters.push(query.relatedActivities ? 'contains(#related, :activity)' : 'objectId = :activity');
    if (query.relatedActivities) names['#related'] = 'related';
    values[':activity'] = query.activity;
  }

  const statements: XapiStatement[] = [];
  let cursor = query.cursor;
  for (let reads = 0; reads < MAX_READS && statements.length < query.limit; reads++) {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: keyCondition,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ProjectionExpression: '#statement',
        ScanIndexForward: query.ascending === true,
        Limit: query.limit - statements.length,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    statements.push(...(result.Items ?? []).map((item) => item.statement as XapiStatement));
    cursor = result.LastEvaluatedKey;
    if (!cursor) break;
  }
  return { statements, ...(cursor ? { cursor } : {}) };
}

/** Statements stored after `afterSk` (exclusive) and before `before`, oldest first: the forwarder's reading order. */
export async function statementsAfter(
  db: DynamoDBDocumentClient,
  tenantId: string,
  window: { afterSk?: string; before: Date; limit: number },
): Promise<Array<{ sk: string; statement: XapiStatement }>> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': statementsPartition(tenantId),
        // `!` sorts before every character of an ISO time: no lower bound means "from the first statement".
        ':from': window.afterSk ? `${window.afterSk}~` : '!',
        ':to': `${window.before.toISOString()}#`,
      },
      ProjectionExpression: 'SK, #statement',
      ExpressionAttributeNames: { '#statement': 'statement' },
      Limit: window.limit,
    }),
  );
  return (result.Items ?? []).map((item) => ({ sk: item.SK as string, statement: item.statement as XapiStatement }));
}
