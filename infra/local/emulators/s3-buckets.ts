import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { literal, nameOf, type TemplateResource } from './template.ts';

export const BUCKET_TYPES = ['AWS::S3::Bucket'];

/** A CORS rule as CloudFormation writes it (`AWS::S3::Bucket` → `CorsConfiguration.CorsRules`). */
interface CorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

interface BucketDefinition {
  name: string;
  versioned: boolean;
  corsRules: CorsRule[];
}

export function bucketDefinition(resource: TemplateResource): BucketDefinition {
  const versioning = literal<{ Status?: string }>(resource, 'VersioningConfiguration');
  return {
    name: nameOf(resource, 'BucketName', localBucketName(resource.logicalId)),
    versioned: versioning?.Status === 'Enabled',
    corsRules: literal<{ CorsRules?: CorsRule[] }>(resource, 'CorsConfiguration')?.CorsRules ?? [],
  };
}

/**
 * The template's CORS rules — browsers upload and download with presigned URLs — for the origins of the site actually
 * served: the template names the stage's site (`corsOrigins`), locally the site is the local API's origin on whatever
 * port it got. Applied at every start, so a new port is allowed and an old one is not.
 */
export async function applyCors(client: S3Client, bucket: BucketDefinition, siteOrigins: readonly string[]): Promise<void> {
  if (bucket.corsRules.length === 0) return;
  const CORSRules = bucket.corsRules.map((rule) => ({
    AllowedMethods: rule.AllowedMethods,
    AllowedOrigins: [...siteOrigins],
    ...(rule.AllowedHeaders ? { AllowedHeaders: rule.AllowedHeaders } : {}),
    ...(rule.ExposedHeaders ? { ExposeHeaders: rule.ExposedHeaders } : {}),
    ...(rule.MaxAge !== undefined ? { MaxAgeSeconds: rule.MaxAge } : {}),
  }));
  await client.send(new PutBucketCorsCommand({ Bucket: bucket.name, CORSConfiguration: { CORSRules } }));
}

/** CloudFormation would generate a name; locally it must be stable across restarts and a valid bucket name. */
function localBucketName(logicalId: string): string {
  return logicalId.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
}

/**
 * Creates the bucket if it does not exist; objects of an existing bucket stay.
 *
 * Versioning is not attempted: s3rver 3.7 does not know the `?versioning` sub-resource and takes
 * PutBucketVersioning for CreateBucket (409 BucketAlreadyExists) and GetBucketVersioning for ListObjects. The
 * caller reports the template's versioning as not available locally.
 */
export async function ensureBucket(client: S3Client, bucket: BucketDefinition): Promise<'created' | 'existing'> {
  if (await bucketExists(client, bucket.name)) return 'existing';
  await client.send(new CreateBucketCommand({ Bucket: bucket.name }));
  return 'created';
}

async function bucketExists(client: S3Client, name: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}
