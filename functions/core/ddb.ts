import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { optionalEnv, requireEnv } from './config.ts';
import { isTenantId } from './tenant-id.ts';

/**
 * The table and its clients.
 *
 * Tenant isolation in AWS: functions that act for a tenant get no table permissions of their own — route functions
 * (for the caller's tenant) and the workflow steps and schedules declared `tenant` in `infra/stacks/table-access.ts`
 * (for the tenant they write for). They assume `TENANT_ACCESS_ROLE_ARN` with the session tag `TenantId=<tenant>`, and
 * that role only allows items whose partition key starts with `${aws:PrincipalTag/TenantId}#`
 * (`dynamodb:LeadingKeys`). A bug that builds a key of another tenant is then denied by IAM, not only by our code;
 * code that writes for two tenants uses two clients and cannot mix them in one write. Where the variable is not
 * injected (whole-table functions, the local emulators) the function's own credentials are used.
 */
export const TABLE_NAME = requireEnv('TABLE_NAME');

const tenantAccessRoleArn = optionalEnv('TENANT_ACCESS_ROLE_ARN');

const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };

function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions });
}

/** Credentials of the function itself: for the functions with whole-table rights (county routes, listed steps). */
export const systemTable = documentClient(new DynamoDBClient({}));

const tenantClients = new Map<string, DynamoDBDocumentClient>();

/** The client that acts for `tenantId` (one per tenant and container; credentials refresh themselves). */
export function tableFor(tenantId: string): DynamoDBDocumentClient {
  // A session tag is whatever we pass: never one that is not a tenant id (also checked locally, where no role exists).
  if (!isTenantId(tenantId)) throw new Error('Invalid tenant id for table access');
  if (!tenantAccessRoleArn) return systemTable;
  let client = tenantClients.get(tenantId);
  if (!client) {
    client = documentClient(
      new DynamoDBClient({
        credentials: fromTemporaryCredentials({
          params: {
            RoleArn: tenantAccessRoleArn,
            RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
            Tags: [{ Key: 'TenantId', Value: tenantId }],
            DurationSeconds: 900,
          },
        }),
      }),
    );
    tenantClients.set(tenantId, client);
  }
  return client;
}

/** True when DynamoDB refused a write because its condition did not hold (plain or inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((reason) => reason.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/**
 * A write that lost a race without being evaluated: a transaction cancelled with `TransactionConflict` (another
 * transaction held an item), or a single write refused with `TransactionConflictException`. Nothing was written;
 * retrying (or re-reading) sees the winner. A cancellation that also names a failed condition is a condition failure.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TransactionConflictException') return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'TransactionConflict') && !isConditionFailure(error);
}
