import './support/env.ts';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidPaymentConfiguration, parseProviderName, parsePublicApiUrl, secretSource } from '../../../functions/payments/config.ts';
import { secretLoader, WebhookSecretUnavailable } from '../../../functions/payments/secret.ts';

const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:openkreis/payment-webhook-AbCdEf';

beforeEach(() => secrets.reset());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('payments configuration', () => {
  it('normalises the public API URL and refuses what cannot be a base URL', () => {
    expect(parsePublicApiUrl('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(parsePublicApiUrl('https://api.dev.openkreis.de/v1//')).toBe('https://api.dev.openkreis.de/v1');
    for (const bad of ['localhost:3000', 'ftp://example.org', 'https://x.example/?a=1', 'nonsense']) {
      expect(() => parsePublicApiUrl(bad)).toThrow(InvalidPaymentConfiguration);
    }
  });

  it('knows the sandbox and names the supported providers for anything else', () => {
    expect(parseProviderName('sandbox')).toBe('sandbox');
    expect(() => parseProviderName('epaybl')).toThrow(/PAYMENT_PROVIDER "epaybl" is unknown; supported: sandbox/);
  });

  it('takes the secret from exactly one of the two variables', () => {
    expect(secretSource('s', undefined)).toEqual({ kind: 'value', value: 's' });
    expect(secretSource(undefined, ARN)).toEqual({ kind: 'secrets-manager', arn: ARN });
    expect(() => secretSource('s', ARN)).toThrow(/not both/);
    expect(() => secretSource(undefined, undefined)).toThrow(/PAYMENT_WEBHOOK_SECRET or PAYMENT_WEBHOOK_SECRET_ARN is not set/);
  });

  it('fails the cold start of a handler when the provider is unknown', async () => {
    vi.resetModules();
    vi.stubEnv('PUBLIC_API_URL', 'http://localhost:3000');
    vi.stubEnv('PAYMENT_WEBHOOK_SECRET', 'unit-webhook-secret-0123456789abcdef');
    vi.stubEnv('PAYMENT_PROVIDER', 'epaybl');
    await expect(import('../../../functions/payments/webhook.handler.ts')).rejects.toThrow(/PAYMENT_PROVIDER "epaybl" is unknown/);
  });

  it('fails the cold start when PUBLIC_API_URL is missing', async () => {
    vi.resetModules();
    vi.stubEnv('PUBLIC_API_URL', '');
    vi.stubEnv('PAYMENT_PROVIDER', 'sandbox');
    vi.stubEnv('PAYMENT_WEBHOOK_SECRET', 'unit-webhook-secret-0123456789abcdef');
    await expect(import('../../../functions/payments/workflow/create-payment.handler.ts')).rejects.toThrow(/PUBLIC_API_URL is not set/);
  });
});

describe('webhook secret', () => {
  it('uses the value from the environment without calling Secrets Manager', async () => {
    await expect(secretLoader({ kind: 'value', value: 'unit-webhook-secret-0123456789abcdef' })()).resolves.toBe('unit-webhook-secret-0123456789abcdef');
    expect(secrets.calls()).toHaveLength(0);
  });

  it('fetches the secret from Secrets Manager once and keeps it', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'from-secrets-manager-0123456789' });
    const load = secretLoader({ kind: 'secrets-manager', arn: ARN });
    expect(await load()).toBe('from-secrets-manager-0123456789');
    expect(await load()).toBe('from-secrets-manager-0123456789');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not keep a failed fetch, and refuses a secret that is too short', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'short' });
    const load = secretLoader({ kind: 'secrets-manager', arn: ARN });
    await expect(load()).rejects.toThrow('throttled');
    await expect(load()).rejects.toBeInstanceOf(WebhookSecretUnavailable);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
