/**
 * The shared webhook secret: from the environment, or fetched once from Secrets Manager and kept for the life of
 * the execution environment (a failed fetch is not cached, the next call tries again). The Secrets Manager client
 * is loaded only where the ARN is configured, so the local runtime and the unit tests never construct it.
 */
import type { SecretSource } from './config.ts';

export const MIN_SECRET_LENGTH = 16;

export class WebhookSecretUnavailable extends Error {
  override readonly name = 'WebhookSecretUnavailable';
}

function checked(value: string | undefined): string {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) {
    throw new WebhookSecretUnavailable(`The payment webhook secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return value;
}

async function load(source: SecretSource): Promise<string> {
  if (source.kind === 'value') return checked(source.value);
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  const result = await client.send(new GetSecretValueCommand({ SecretId: source.arn }));
  return checked(result.SecretString);
}

export function secretLoader(source: SecretSource): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= load(source).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
