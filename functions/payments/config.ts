/**
 * Payments configuration, read once at load time. Which variables are set decides the behaviour; the handlers never
 * ask where they run:
 * - `PUBLIC_API_URL`: base URL of the HTTP API (checkout links of the sandbox, its webhook target, return URLs).
 * - `PAYMENT_PROVIDER`: the adapter, `sandbox` for now; anything else fails the cold start with a clear message.
 * - the webhook secret, exactly one of:
 *   `PAYMENT_WEBHOOK_SECRET` (the value; the local runtime injects a random one) or
 *   `PAYMENT_WEBHOOK_SECRET_ARN` (a Secrets Manager secret whose SecretString is the value; AWS).
 * - `PAYMENT_LOCAL_CREDENTIAL` (local runtime and tests only): the value every `credentialRef` of a tenant's payment
 *   settings stands for (the local XBezahldienste sandbox accepts it). Unset, a reference is read from Secrets Manager.
 */
import { MissingConfiguration, optionalEnv, requireEnv } from '#core/config';

export class InvalidPaymentConfiguration extends Error {
  override readonly name = 'InvalidPaymentConfiguration';
}

export const PROVIDER_NAMES = ['sandbox'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type SecretSource = { kind: 'value'; value: string } | { kind: 'secrets-manager'; arn: string };

export function parsePublicApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidPaymentConfiguration(`PUBLIC_API_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidPaymentConfiguration('PUBLIC_API_URL must be http(s)');
  if (url.search || url.hash) throw new InvalidPaymentConfiguration('PUBLIC_API_URL must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

export function parseProviderName(value: string): ProviderName {
  if ((PROVIDER_NAMES as readonly string[]).includes(value)) return value as ProviderName;
  throw new InvalidPaymentConfiguration(`PAYMENT_PROVIDER "${value}" is unknown; supported: ${PROVIDER_NAMES.join(', ')}`);
}

export function secretSource(value: string | undefined, arn: string | undefined): SecretSource {
  if (value !== undefined && arn !== undefined) {
    throw new InvalidPaymentConfiguration('Set either PAYMENT_WEBHOOK_SECRET or PAYMENT_WEBHOOK_SECRET_ARN, not both');
  }
  if (value !== undefined) return { kind: 'value', value };
  if (arn !== undefined) return { kind: 'secrets-manager', arn };
  throw new MissingConfiguration('Environment variable PAYMENT_WEBHOOK_SECRET or PAYMENT_WEBHOOK_SECRET_ARN is not set');
}

export const PUBLIC_API_URL = parsePublicApiUrl(requireEnv('PUBLIC_API_URL'));
export const PAYMENT_PROVIDER = parseProviderName(requireEnv('PAYMENT_PROVIDER'));
export const WEBHOOK_SECRET_SOURCE = secretSource(optionalEnv('PAYMENT_WEBHOOK_SECRET'), optionalEnv('PAYMENT_WEBHOOK_SECRET_ARN'));

export const LOCAL_CREDENTIAL = optionalEnv('PAYMENT_LOCAL_CREDENTIAL');
