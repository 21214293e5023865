import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { localClientConfig, localS3ClientConfig, type LocalEndpoints } from './aws-clients.ts';
import { ensureUserPools, type LocalUserPool } from './cognito-pools.ts';
import { ensureTable, TABLE_TYPES, tableDefinition } from './dynamodb-tables.ts';
import { applyCors, BUCKET_TYPES, bucketDefinition, ensureBucket } from './s3-buckets.ts';
import { resourcesOfType, type CloudFormationTemplate } from './template.ts';

export type BootstrapEndpoints = Pick<LocalEndpoints, 'dynamodb' | 's3' | 'cognito'>;

/**
 * Everything keyed by logical id: the synthesized template passes names to functions as `{ Ref: <logicalId> }`
 * (e.g. `TABLE_NAME`), so the local runtime resolves those Refs with these maps.
 */
export interface BootstrapResult {
  tables: Record<string, string>;
  buckets: Record<string, string>;
  userPools: Record<string, LocalUserPool>;
  /** Logical ids created by this call; everything else already existed and was left as it was. */
  created: string[];
  /** What the template asks for and the emulators cannot provide, for the developer to read at start-up. */
  notes: string[];
}

/**
 * Creates the template's tables, buckets and user pools (with groups and clients) in the emulators, or finds them
 * from an earlier run. Idempotent: running it again against persistent emulators loses no data.
 */
export async function bootstrapResources(
  template: CloudFormationTemplate,
  endpoints: BootstrapEndpoints,
  options: { siteOrigins?: readonly string[] } = {},
): Promise<BootstrapResult> {
  const result: BootstrapResult = { tables: {}, buckets: {}, userPools: {}, created: [], notes: [] };
  await bootstrapTables(template, endpoints, result);
  await bootstrapBuckets(template, endpoints, result, options.siteOrigins);
  if (resourcesOfType(template, 'AWS::Cognito::UserPool').length > 0) {
    const { pools, created } = await ensureUserPools(template, requireEndpoint(endpoints, 'cognito'));
    result.userPools = pools;
    result.created.push(...created);
  }
  return result;
}

async function bootstrapTables(template: CloudFormationTemplate, endpoints: BootstrapEndpoints, result: BootstrapResult) {
  const resources = resourcesOfType(template, ...TABLE_TYPES);
  if (resources.length === 0) return;
  const client = new DynamoDBClient(localClientConfig(requireEndpoint(endpoints, 'dynamodb')));
  try {
    for (const resource of resources) {
      const table = tableDefinition(resource);
      if ((await ensureTable(client, table)) === 'created') result.created.push(resource.logicalId);
      result.tables[resource.logicalId] = table.name;
    }
  } finally {
    client.destroy();
  }
}

/** `siteOrigins`: the origins the buckets' CORS rules allow locally (the template's rules name the deployed site). */
async function bootstrapBuckets(template: CloudFormationTemplate, endpoints: BootstrapEndpoints, result: BootstrapResult, siteOrigins?: readonly string[]) {
  const resources = resourcesOfType(template, ...BUCKET_TYPES);
  if (resources.length === 0) return;
  const client = new S3Client(localS3ClientConfig(requireEndpoint(endpoints, 's3')));
  try {
    for (const resource of resources) {
      const bucket = bucketDefinition(resource);
      if ((await ensureBucket(client, bucket)) === 'created') result.created.push(resource.logicalId);
      if (siteOrigins) await applyCors(client, bucket, siteOrigins);
      if (bucket.versioned) {
        result.notes.push(`${resource.logicalId} (${bucket.name}): versioning is not supported by s3rver; ` +
          'overwritten and deleted objects are not kept locally');
      }
      result.buckets[resource.logicalId] = bucket.name;
    }
  } finally {
    client.destroy();
  }
}

function requireEndpoint(endpoints: BootstrapEndpoints, service: keyof BootstrapEndpoints): string {
  const endpoint = endpoints[service];
  if (!endpoint) throw new Error(`The template has ${service} resources, but no ${service} endpoint was given`);
  return endpoint;
}
