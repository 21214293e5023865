import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, type BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Answers every `BatchGetItem` with what the mocked `GetItem` answers for each key, so a test states items once (by
 * key, as `ddb.on(GetCommand, { Key })`) whichever of the two calls the code under test uses.
 */
/** The GetItem calls `serveBatchGetsFromGets` makes itself: not calls of the code under test. */
const servingCalls = new WeakSet<object>();

export function serveBatchGetsFromGets(ddb: AwsClientStub<DynamoDBDocumentClient>): void {
  // Any document client's send goes through the stub; this one only exists to ask it.
  const asker = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
  ddb.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
    const responses: Record<string, Record<string, unknown>[]> = {};
    for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
      responses[table] = [];
      for (const key of request.Keys ?? []) {
        const get = new GetCommand({ TableName: table, Key: key, ConsistentRead: request.ConsistentRead });
        servingCalls.add(get);
        const found = await asker.send(get);
        // DynamoDB always returns the key attributes; fixtures may leave them out.
        if (found?.Item) responses[table]!.push({ ...key, ...found.Item });
      }
    }
    return { Responses: responses, UnprocessedKeys: {} };
  });
}

/** The keys of all `BatchGetItem` calls so far, with the call's consistency. */
export function batchGetKeys(ddb: AwsClientStub<DynamoDBDocumentClient>): Array<{ key: Record<string, unknown>; consistent: boolean }> {
  return ddb.commandCalls(BatchGetCommand).flatMap((call) =>
    Object.values(call.args[0].input.RequestItems ?? {}).flatMap((request) => (request.Keys ?? []).map((key) => ({ key, consistent: request.ConsistentRead === true }))),
  );
}

/** The commands the code under test sent, by class name, in order (without the GetItems that answer batch reads). */
export function commandSequence(ddb: AwsClientStub<DynamoDBDocumentClient>): string[] {
  return ddb
    .calls()
    .map((call) => call.args[0] as object)
    .filter((command) => !servingCalls.has(command))
    .map((command) => command.constructor.name);
}
