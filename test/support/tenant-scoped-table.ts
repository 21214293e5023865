/**
 * The tenant access role's rule, for unit tests: a session tagged `TenantId=<tenant>` may only name partition keys
 * that start with `<tenant>#` (IAM `dynamodb:LeadingKeys`): the item keys of reads and writes (also inside batches and
 * transactions) and the partition-key value of a query's key condition (table or index). Locally and in unit tests
 * `tableFor` hands out the one whole-table client, so without this nothing would notice code that writes another
 * tenant's partition through a tenant-scoped client, or that uses the whole-table client where AWS gives it none.
 *
 * Use it by mocking the core module; `tableFor(tenant)` then refuses what IAM would refuse and `systemTable` refuses
 * everything:
 *   vi.mock('#core/ddb', async (original) => (await import('../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Input = Record<string, any>;

export interface SessionCall {
  tenant: string;
  command: string;
  input: Input;
}

/** Every call made through a tenant-scoped client, in order, with the tenant of its session (reset per test). */
export const sessionCalls: SessionCall[] = [];

function queryPartitionKey(input: Input): unknown {
  const attribute = input.IndexName ? `${input.IndexName}PK` : 'PK';
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  for (const [, name, value] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name!] ?? name) === attribute) return input.ExpressionAttributeValues?.[value!];
  }
  return undefined;
}

/** The partition keys a DynamoDB document-client command names, as IAM's `dynamodb:LeadingKeys` sees them. */
export function leadingKeysOf(command: string, input: Input): unknown[] {
  switch (command) {
    case 'GetCommand':
    case 'UpdateCommand':
    case 'DeleteCommand':
      return [input.Key?.PK];
    case 'PutCommand':
      return [input.Item?.PK];
    case 'QueryCommand':
      return [queryPartitionKey(input)];
    case 'BatchGetCommand':
      return Object.values<Input>(input.RequestItems ?? {}).flatMap((request) => (request.Keys ?? []).map((key: Input) => key.PK));
    case 'BatchWriteCommand':
      return Object.values<Input[]>(input.RequestItems ?? {}).flatMap((requests) =>
        requests.map((request) => request.PutRequest?.Item?.PK ?? request.DeleteRequest?.Key?.PK),
      );
    case 'TransactWriteCommand':
      return (input.TransactItems ?? []).map((item: Input) => item.Put?.Item?.PK ?? (item.Update ?? item.Delete ?? item.ConditionCheck)?.Key?.PK);
    case 'TransactGetCommand':
      return (input.TransactItems ?? []).map((item: Input) => item.Get?.Key?.PK);
    default:
      // Scan and anything else names no leading key: the role allows none of it.
      return [undefined];
  }
}

export class AccessDenied extends Error {
  override readonly name = 'AccessDeniedException';
}

/** A client that sends like `base`, but only what a session tagged with `tenant` may. */
export function scopedTable(tenant: string, base: DynamoDBDocumentClient): DynamoDBDocumentClient {
  return new Proxy(base, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: Input }) => {
        const name = command.constructor.name;
        const outside = leadingKeysOf(name, command.input).filter((key) => typeof key !== 'string' || !key.startsWith(`${tenant}#`));
        if (outside.length > 0) throw new AccessDenied(`A session of ${tenant} may not ${name} ${outside.map(String).join(', ')}`);
        sessionCalls.push({ tenant, command: name, input: command.input });
        return target.send(command as never);
      };
    },
  });
}

/** The whole-table client where the function has no whole-table rights: every call is refused. */
export function noWholeTable(base: DynamoDBDocumentClient): DynamoDBDocumentClient {
  return new Proxy(base, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }) => {
        throw new AccessDenied(`${command.constructor.name} with the whole-table client: this function acts through the tenant access role only`);
      };
    },
  });
}

/** The `#core/ddb` module as a tenant-scoped function sees it in AWS (see the top of the file). */
export function tenantScopedDdb<M extends { systemTable: DynamoDBDocumentClient; tableFor: (tenantId: string) => DynamoDBDocumentClient }>(original: M): M {
  const clients = new Map<string, DynamoDBDocumentClient>();
  return {
    ...original,
    systemTable: noWholeTable(original.systemTable),
    tableFor: (tenant: string) => {
      original.tableFor(tenant); // validates the tenant id, as in AWS
      let client = clients.get(tenant);
      if (!client) clients.set(tenant, (client = scopedTable(tenant, original.systemTable)));
      return client;
    },
  };
}
