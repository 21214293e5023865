import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, type CORSRule, type S3Client } from '@aws-sdk/client-s3';
import { literal, nameOf, type TemplateResource } from './template.ts';

export const BUCKET_TYPES = ['AWS::S3::Bucket'];

interface BucketDefinition {
  name: string;
  versioned: boolean;
  /** The template's CORS rules (browsers PUT uploads to presigned URLs of the bucket). */
  corsRules: CORSRule[];
}

interface TemplateCorsRule {
  AllowedHeaders?: string[];
  AllowedMethods: string[];
  AllowedOrigins: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

export function bucketDefinition(resource: TemplateResource): BucketDefinition {
  const versioning = literal<{ Status?: string }>(resource, 'VersioningConfiguration');
  const cors = literal<{ CorsRules?: TemplateCorsRule[] }>(resource, 'CorsConfiguration');
  return {
    name: nameOf(resource, 'BucketName', localBucketName(resource.logicalId)),
    versioned: versioning?.Status === 'Enabled',
    corsRules: (cors?.CorsRules ?? []).map((rule) => ({
      AllowedMethods: rule.AllowedMethods,
      AllowedOrigins: rule.AllowedOrigins,
      ...(rule.AllowedHeaders ? { AllowedHeaders: rule.AllowedHeaders } : {}),
      ...(rule.ExposedHeaders ? { ExposeHeaders: rule.ExposedHeaders } : {}),
      ...(rule.MaxAge !== undefined ? { MaxAgeSeconds: rule.MaxAge } : {}),
    })),
  };
}

/**
 * The template's CORS rules, with the origins the local web app is served from instead of the stage's (the port is
 * chosen at start). Without them a browser could not PUT an upload to s3rver from the app's origin.
 */
export async function applyCors(client: S3Client, bucket: BucketDefinition, localOrigins: readonly string[]): Promise<void> {
  if (bucket.corsRules.length === 0 || localOrigins.length === 0) return;
  await client.send(
    new PutBucketCorsCommand({
      Bucket: bucket.name,
      CORSConfiguration: { CORSRules: bucket.corsRules.map((rule) => ({ ...rule, AllowedOrigins: [...localOrigins] })) },
    }),
  );
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
