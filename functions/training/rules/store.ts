/**
 * Assignment-rule store — the only code that talks to DynamoDB about assignment rules.
 *
 * Key: `<t>#TRAINING-RULES` / `RULE#<ruleId>` (see `../model.ts`).
 *
 * Access patterns:
 * - the tenant's rules (a handful; all pages): Query `<t>#TRAINING-RULES`, SK begins_with `RULE#`
 * - create a rule:                            PutItem, condition attribute_not_exists(PK)
 * - delete a rule:                            DeleteItem, condition attribute_exists(PK) → `RuleNotFound`
 */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { NotFound } from '#core/problem';
import type { AssignmentRule } from './domain.ts';

export class RuleNotFound extends NotFound {}

const rulesPartition = (tenantId: string) => partitionKey(tenantId, 'TRAINING-RULES');
const ruleKey = (tenantId: string, ruleId: string) => ({ PK: rulesPartition(tenantId), SK: `RULE#${ruleId}` });

function toRule(item: Record<string, unknown>): AssignmentRule {
  const { PK: _pk, SK: _sk, ...rule } = item;
  return rule as unknown as AssignmentRule;
}

export async function listRules(db: DynamoDBDocumentClient, tenantId: string): Promise<AssignmentRule[]> {
  const rules: AssignmentRule[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': rulesPartition(tenantId), ':prefix': 'RULE#' },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    rules.push(...(result.Items ?? []).map(toRule));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return rules.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function putRule(db: DynamoDBDocumentClient, rule: AssignmentRule): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: { ...ruleKey(rule.tenantId, rule.ruleId), ...rule },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function deleteRule(db: DynamoDBDocumentClient, tenantId: string, ruleId: string): Promise<void> {
  try {
    await db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: ruleKey(tenantId, ruleId), ConditionExpression: 'attribute_exists(PK)' }));
  } catch (error) {
    if (isConditionFailure(error)) throw new RuleNotFound(`Die Zuweisungsregel „${ruleId}“ gibt es nicht.`);
    throw error;
  }
}
