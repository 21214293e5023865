import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable, TABLE_NAME } from '../../../functions/core/ddb.ts';
import { readItems, type ItemRead } from '../../../functions/core/item-reads.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const read = (sk: string): ItemRead<string | undefined> => ({ key: { PK: 'neuss#X', SK: sk }, parse: (item) => item?.value as string | undefined });
const item = (sk: string) => ({ PK: 'neuss#X', SK: sk, value: `value of ${sk}` });

describe('readItems', () => {
  beforeEach(() => {
    ddb.reset();
    vi.useRealTimers();
  });

  it('reads several items in one consistent BatchGetItem and returns them in the order asked, missing ones undefined', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [item('B'), item('A')] } });
    const [a, missing, b] = await readItems(systemTable, [read('A'), read('C'), read('B')]);
    expect([a, missing, b]).toEqual(['value of A', undefined, 'value of B']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TABLE_NAME]).toEqual({
      Keys: [read('A').key, read('C').key, read('B').key],
      ConsistentRead: true,
    });
  });

  it('asks once for a key that two reads share', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [item('A')] } });
    expect(await readItems(systemTable, [read('A'), read('A')])).toEqual(['value of A', 'value of A']);
    expect(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TABLE_NAME]!.Keys).toHaveLength(1);
  });

  it('asks again for keys DynamoDB left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE_NAME]: [item('A')] }, UnprocessedKeys: { [TABLE_NAME]: { Keys: [read('B').key] } } })
      .resolves({ Responses: { [TABLE_NAME]: [item('B')] } });
    expect(await readItems(systemTable, [read('A'), read('B')])).toEqual(['value of A', 'value of B']);
    expect(ddb.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems![TABLE_NAME]!.Keys).toEqual([read('B').key]);
  });

  it('gives up after five rounds of unprocessed keys instead of looping', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: {}, UnprocessedKeys: { [TABLE_NAME]: { Keys: [read('A').key] } } });
    vi.useFakeTimers();
    const result = readItems(systemTable, [read('A')]);
    const assertion = expect(result).rejects.toThrow(/unprocessed after 5 rounds/);
    await vi.runAllTimersAsync();
    await assertion;
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(5);
  });

  it('refuses more than 100 reads (one BatchGetItem)', async () => {
    await expect(readItems(systemTable, Array.from({ length: 101 }, (_, index) => read(String(index))))).rejects.toThrow(/at most 100/);
    expect(ddb.calls()).toHaveLength(0);
  });
});
