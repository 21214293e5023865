import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccessDenied, noWholeTable, scopedTable } from '../../support/tenant-scoped-table.ts';

/**
 * The tests of tenant-scoped code rely on this emulation of the tenant access role (`dynamodb:LeadingKeys`): it must
 * refuse another tenant's key in every shape of request, or those tests would pass on code that AWS refuses.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const base = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const T = 'TableName';

/** One request of each shape, naming the partition key `pk`. */
const shapes = (pk: string) => ({
  get: new GetCommand({ TableName: T, Key: { PK: pk, SK: 'X' } }),
  put: new PutCommand({ TableName: T, Item: { PK: pk, SK: 'X' } }),
  update: new UpdateCommand({ TableName: T, Key: { PK: pk, SK: 'X' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } }),
  delete: new DeleteCommand({ TableName: T, Key: { PK: pk, SK: 'X' } }),
  query: new QueryCommand({ TableName: T, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': 'A' } }),
  queryWithNames: new QueryCommand({ TableName: T, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': 'PK' }, ExpressionAttributeValues: { ':v': pk } }),
  indexQuery: new QueryCommand({ TableName: T, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': pk } }),
  batchGet: new BatchGetCommand({ RequestItems: { [T]: { Keys: [{ PK: 'neuss#A', SK: 'X' }, { PK: pk, SK: 'X' }] } } }),
  batchWrite: new BatchWriteCommand({ RequestItems: { [T]: [{ PutRequest: { Item: { PK: 'neuss#A', SK: 'X' } } }, { DeleteRequest: { Key: { PK: pk, SK: 'X' } } }] } }),
  transactWrite: new TransactWriteCommand({
    TransactItems: [{ Put: { TableName: T, Item: { PK: 'neuss#A', SK: 'X' } } }, { ConditionCheck: { TableName: T, Key: { PK: pk, SK: 'X' }, ConditionExpression: 'attribute_exists(PK)' } }],
  }),
  transactGet: new TransactGetCommand({ TransactItems: [{ Get: { TableName: T, Key: { PK: 'neuss#A', SK: 'X' } } }, { Get: { TableName: T, Key: { PK: pk, SK: 'X' } } }] }),
});

beforeEach(() => {
  ddb.reset();
  ddb.onAnyCommand().resolves({});
});

describe('the emulated tenant access role (dynamodb:LeadingKeys) of the unit tests', () => {
  it.each(Object.keys(shapes('x')))('lets a session of neuss send %s for its own partition', async (shape) => {
    await expect(scopedTable('neuss', base).send(shapes('neuss#APP#1')[shape as keyof ReturnType<typeof shapes>] as never)).resolves.toBeDefined();
  });

  it.each(Object.keys(shapes('x')))('refuses %s that names another tenant, also one whose id starts the same', async (shape) => {
    for (const foreign of ['juechen#APP#1', 'neuss-nord#APP#1', 'neussAPP']) {
      await expect(scopedTable('neuss', base).send(shapes(foreign)[shape as keyof ReturnType<typeof shapes>] as never)).rejects.toThrow(AccessDenied);
    }
  });

  it('refuses a Scan and every call of the whole-table client', async () => {
    await expect(scopedTable('neuss', base).send(new ScanCommand({ TableName: T }) as never)).rejects.toThrow(AccessDenied);
    await expect(noWholeTable(base).send(shapes('neuss#A').get as never)).rejects.toThrow(AccessDenied);
    expect(ddb.calls()).toHaveLength(0);
  });
});
