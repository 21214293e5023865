/**
 * The configured payment provider, built once per execution environment (the secret may come from Secrets
 * Manager, hence async). Importing this module reads the payments configuration: a missing or unknown setting
 * fails the cold start with a message that names it.
 */
import { systemTable } from '#core/ddb';
import { PAYMENT_PROVIDER, PUBLIC_API_URL, WEBHOOK_SECRET_SOURCE } from './config.ts';
import type { PaymentProvider } from './provider.ts';
import { dynamoLedger } from './sandbox/ledger.ts';
import { SandboxProvider } from './sandbox/provider.ts';
import { secretLoader } from './secret.ts';

export { PUBLIC_API_URL } from './config.ts';

const webhookSecret = secretLoader(WEBHOOK_SECRET_SOURCE);

let provider: Promise<PaymentProvider> | undefined;

async function build(): Promise<PaymentProvider> {
  switch (PAYMENT_PROVIDER) {
    case 'sandbox':
      return new SandboxProvider({ ledger: dynamoLedger(systemTable), secret: await webhookSecret(), publicApiUrl: PUBLIC_API_URL });
  }
}

export function paymentProvider(): Promise<PaymentProvider> {
  provider ??= build().catch((error: unknown) => {
    provider = undefined;
    throw error;
  });
  return provider;
}

/** The sandbox, when it is the configured provider (the sandbox pages exist only then). */
export async function sandboxProvider(): Promise<SandboxProvider | undefined> {
  const configured = await paymentProvider();
  return configured instanceof SandboxProvider ? configured : undefined;
}
