/**
 * How AWS SDK v3 clients talk to the local emulators. Handlers read their clients from the environment (see
 * `functions/core`), so the local runtime sets `localAwsEnvironment(...)`; launcher code and tests that build their
 * own clients use the `*ClientConfig` helpers. Both encode the same facts, kept in one place.
 */

export const LOCAL_REGION = 'eu-central-1';

/**
 * s3rver accepts only this key pair. DynamoDB Local (with `-sharedDb`), cognito-local and aws-ses-v2-local accept
 * any credentials, so one pair serves all of them.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function localClientConfig(endpoint: string): LocalClientConfig {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}

/**
 * s3rver needs two departures from the SDK defaults:
 * - checksums only when required: otherwise the SDK sends streams aws-chunked with trailing checksums, and s3rver
 *   stores the chunk framing as the object body (silent corruption);
 * - path-style addressing: the SDK picks it by itself for an IP endpoint, stated here so `localhost` works too.
 */
export function localS3ClientConfig(endpoint: string) {
  return {
    ...localClientConfig(endpoint),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  } as const;
}

export interface LocalEndpoints {
  dynamodb?: string;
  s3?: string;
  cognito?: string;
  ses?: string;
}

/**
 * Environment variables that point SDK clients created with `new XClient({})` at the emulators (the SDK's
 * service-specific endpoint variables). Note SES v2 reads `AWS_ENDPOINT_URL_SESV2`, not `_SES`.
 */
export function localAwsEnvironment(endpoints: LocalEndpoints): Record<string, string> {
  const environment: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
  if (endpoints.dynamodb) environment.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  if (endpoints.s3) environment.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  if (endpoints.cognito) environment.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = endpoints.cognito;
  if (endpoints.ses) environment.AWS_ENDPOINT_URL_SESV2 = endpoints.ses;
  return environment;
}
