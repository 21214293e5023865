/**
 * The payment providers, chosen per tenant. Importing this module reads the payments configuration: a missing or
 * unknown setting fails the cold start with a message that names it.
 *
 * `paymentProvider(db)` is the port every payment step, the webhook, the repair and the reconciliation use. It routes
 * each call to the right adapter:
 * - a new transaction to the provider the tenant's configuration names now (`payment`, `settings.ts`; the
 *   deployment's push provider — the sandbox — where it names none);
 * - everything about an existing transaction (status, cancel, refund) to the adapter that created it, recognised by
 *   its transaction id (`xbd:` for XBezahldienste), so a tenant that changes its provider still settles its open
 *   payments with the old one;
 * - the webhook to the push provider (a pull provider such as XBezahldienste sends none).
 * `db` is the table client of the caller: the sandbox keeps its ledger and the tenant its configuration in the
 * tenant's partition, so a tenant request passes `tableFor(tenantId)`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tenantConfig } from '#functions/tenants/config';
import { LOCAL_CREDENTIAL, PAYMENT_PROVIDER, PUBLIC_API_URL, WEBHOOK_SECRET_SOURCE } from './config.ts';
import type { PaymentEvent, PaymentProvider, PaymentRequest, ProviderPaymentRef, PushPaymentProvider } from './provider.ts';
import { dynamoLedger } from './sandbox/ledger.ts';
import { SandboxProvider } from './sandbox/provider.ts';
import { secretLoader } from './secret.ts';
import { DEFAULT_PAYMENT_SETTINGS, type PaymentSettings, type XBezahldiensteSettings } from './settings.ts';
import { XBD_TRANSACTION_PREFIX, XBezahldiensteProvider } from './xbezahldienste/adapter.ts';

export { PUBLIC_API_URL } from './config.ts';

const webhookSecret = secretLoader(WEBHOOK_SECRET_SOURCE);
const credentials = new Map<string, () => Promise<string>>();

/** The credential a tenant's settings name: the local stand-in, or the Secrets Manager secret of that name (cached). */
function credential(ref: string): () => Promise<string> {
  let loader = credentials.get(ref);
  if (!loader) {
    loader = secretLoader(LOCAL_CREDENTIAL !== undefined ? { kind: 'value', value: LOCAL_CREDENTIAL } : { kind: 'secrets-manager', arn: ref });
    credentials.set(ref, loader);
  }
  return loader;
}

async function sandbox(db: DynamoDBDocumentClient): Promise<SandboxProvider> {
  switch (PAYMENT_PROVIDER) {
    case 'sandbox':
      return new SandboxProvider({ ledger: dynamoLedger(db), secret: await webhookSecret(), publicApiUrl: PUBLIC_API_URL });
  }
}

function xbezahldienste(settings: XBezahldiensteSettings): XBezahldiensteProvider {
  return new XBezahldiensteProvider({ settings, credential: credential(settings.credentialRef) });
}

async function settingsOf(db: DynamoDBDocumentClient, tenantId: string): Promise<PaymentSettings> {
  return (await tenantConfig(db, tenantId)).payment ?? DEFAULT_PAYMENT_SETTINGS;
}

/** The adapter the tenant's configuration names for new payments. */
export async function providerForTenant(db: DynamoDBDocumentClient, tenantId: string): Promise<PaymentProvider> {
  const settings = await settingsOf(db, tenantId);
  return settings.provider === 'xbezahldienste' ? xbezahldienste(settings) : sandbox(db);
}

/** The adapter that created a transaction. */
async function providerOfTransaction(db: DynamoDBDocumentClient, ref: ProviderPaymentRef): Promise<PaymentProvider> {
  if (!ref.providerTransactionId.startsWith(XBD_TRANSACTION_PREFIX)) return sandbox(db);
  const settings = await settingsOf(db, ref.tenantId);
  if (settings.provider !== 'xbezahldienste') {
    throw new Error(`Tenant ${ref.tenantId} no longer configures XBezahldienste; its open payment ${ref.paymentId} needs the old settings`);
  }
  return xbezahldienste(settings);
}

class TenantPaymentProviders implements PushPaymentProvider {
  readonly name = 'per-tenant';

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly push: SandboxProvider,
  ) {}

  async createTransaction(request: PaymentRequest) {
    return (await providerForTenant(this.db, request.tenantId)).createTransaction(request);
  }

  async cancel(ref: ProviderPaymentRef) {
    return (await providerOfTransaction(this.db, ref)).cancel(ref);
  }

  async refund(ref: ProviderPaymentRef & { amountCents: number; reason: string }) {
    return (await providerOfTransaction(this.db, ref)).refund(ref);
  }

  async status(ref: ProviderPaymentRef) {
    return (await providerOfTransaction(this.db, ref)).status(ref);
  }

  verifyWebhook(headers: Readonly<Record<string, string | undefined>>, rawBody: string, now: Date): PaymentEvent {
    return this.push.verifyWebhook(headers, rawBody, now);
  }
}

/** The per-tenant port (see above), acting with `db`. */
export async function paymentProvider(db: DynamoDBDocumentClient): Promise<PushPaymentProvider> {
  return new TenantPaymentProviders(db, await sandbox(db));
}

/** The sandbox, when it is the deployment's push provider (the sandbox pages exist only then), acting with `db`. */
export async function sandboxProvider(db: DynamoDBDocumentClient): Promise<SandboxProvider | undefined> {
  return PAYMENT_PROVIDER === 'sandbox' ? sandbox(db) : undefined;
}
