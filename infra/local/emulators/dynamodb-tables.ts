import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { literal, nameOf, UnsupportedTemplateValue, type TemplateResource } from './template.ts';

/** `TableV2` synthesizes `AWS::DynamoDB::GlobalTable`; the older `Table` construct `AWS::DynamoDB::Table`. */
export const TABLE_TYPES = ['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'];

interface TemplateIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

interface TableDefinition {
  name: string;
  attributes: AttributeDefinition[];
  keySchema: KeySchemaElement[];
  globalIndexes: TemplateIndex[];
  localIndexes: TemplateIndex[];
  streamViewType?: string;
  timeToLiveAttribute?: string;
}

export function tableDefinition(resource: TemplateResource): TableDefinition {
  const keySchema = literal<KeySchemaElement[]>(resource, 'KeySchema');
  const attributes = literal<AttributeDefinition[]>(resource, 'AttributeDefinitions');
  if (!keySchema || !attributes) {
    throw new UnsupportedTemplateValue(`${resource.logicalId}: a table needs KeySchema and AttributeDefinitions`);
  }
  const ttl = literal<{ AttributeName?: string; Enabled?: boolean }>(resource, 'TimeToLiveSpecification');
  return {
    name: nameOf(resource, 'TableName', resource.logicalId),
    attributes,
    keySchema,
    globalIndexes: indexes(literal(resource, 'GlobalSecondaryIndexes')),
    localIndexes: indexes(literal(resource, 'LocalSecondaryIndexes')),
    // GlobalTable and Table both spell it `StreamSpecification: { StreamViewType }` at the top level.
    streamViewType: literal<{ StreamViewType?: string }>(resource, 'StreamSpecification')?.StreamViewType,
    timeToLiveAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
  };
}

/** Keeps what DynamoDB Local needs; capacity and replica settings of the template have no local meaning. */
function indexes(templateIndexes: TemplateIndex[] | undefined): TemplateIndex[] {
  return (templateIndexes ?? []).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
}

/**
 * Creates the table if it does not exist. An existing table keeps its data: a second `npm start` must lose
 * nothing. The one change applied to an existing table is adding indexes the template gained since, because a
 * missing index fails every query that uses it, while rebuilding the table would throw away the local data.
 */
export async function ensureTable(client: DynamoDBClient, table: TableDefinition): Promise<'created' | 'existing'> {
  const existing = await describeTable(client, table.name);
  if (existing) {
    await addMissingGlobalIndexes(client, table, existing);
    return 'existing';
  }
  await client.send(
    new CreateTableCommand({
      TableName: table.name,
      AttributeDefinitions: table.attributes,
      KeySchema: table.keySchema,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: nonEmpty<GlobalSecondaryIndex>(table.globalIndexes),
      LocalSecondaryIndexes: nonEmpty<LocalSecondaryIndex>(table.localIndexes),
      StreamSpecification: table.streamViewType
        ? { StreamEnabled: true, StreamViewType: table.streamViewType as 'NEW_AND_OLD_IMAGES' }
        : undefined,
    }),
  );
  if (table.timeToLiveAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return 'created';
}

async function describeTable(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function addMissingGlobalIndexes(client: DynamoDBClient, table: TableDefinition, existing: TableDescription) {
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  // DynamoDB accepts one index creation per UpdateTable call.
  for (const index of table.globalIndexes.filter((candidate) => !present.has(candidate.IndexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: table.name,
        AttributeDefinitions: attributesOf(table, index.KeySchema),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

/** Only the attributes of the given key: DynamoDB rejects definitions that no key of the request uses. */
function attributesOf(table: TableDefinition, keySchema: KeySchemaElement[]): AttributeDefinition[] {
  const names = new Set(keySchema.map((key) => key.AttributeName));
  return table.attributes.filter((attribute) => names.has(attribute.AttributeName));
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
