/**
 * The XBezahldienste adapter of the payment port (pull-based; `protocol.ts` has the messages and their source).
 *
 * - `createTransaction` posts a PaymentRequest and returns the platform's pay page (`transactionRedirectUrl`). The
 *   requestId is our payment's random part, so the platform refuses a second transaction for the same payment
 *   (`PAYMENT_EXISTS`). A retried create step (its first answer was lost) then looks the transaction up under the
 *   requestId — the specification lets a platform use the request id as its transaction id; a platform with ids of
 *   its own cannot be asked that way, and the step fails with `XBezahldiensteRefused` for an operator to resolve.
 * - `status` is the status query the specification prescribes after the payer's return: `PAYED` → BOOKED.
 * - `cancel`: XBezahldienste 1.0 has no cancellation. An unpaid transaction is abandoned (we stop waiting and record
 *   CANCELED); a paid one is answered as BOOKED, so the caller refunds instead of forgetting the money.
 * - `refund`: ePayBL offers no refunds through the interface (DOMAIN.md): `REFUND_REQUESTED`, the tenant's cash
 *   office pays back and the reference names the payment.
 * - No webhook: the platform sends none; a payment is confirmed by the return page's status query or the
 *   reconciliation schedule (`reconcile.ts`).
 *
 * The credential (a bearer token the platform issued to the tenant) comes from the secret the tenant's configuration
 * names (`settings.ts`); it is fetched when needed and never logged.
 */
import {
  ProviderTransactionNotFound,
  RefundNotPossible,
  type CancelResult,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentTransaction,
  type ProviderPaymentRef,
  type ProviderPaymentState,
  type RefundResult,
} from '../provider.ts';
import type { XBezahldiensteSettings } from '../settings.ts';
import * as z from '#core/zod';
import {
  mapStatus,
  paymentTransactionSchema,
  requestIdOf,
  xbdPurposeOf,
  type XBezahldienstePaymentRequest,
  type XBezahldienstePaymentTransaction,
} from './protocol.ts';

/** Our provider transaction ids of this adapter: `xbd:<transactionId>` (the prefix tells the provider apart). */
export const XBD_TRANSACTION_PREFIX = 'xbd:';

/** The platform answered something we cannot use (not the specification's shape, or a status it does not name). */
export class XBezahldiensteProtocolError extends Error {
  override readonly name = 'XBezahldiensteProtocolError';
}

/** The platform is not reachable or answered with an error that a later attempt may not have (5xx, 429, timeout). */
export class XBezahldiensteUnavailable extends Error {
  override readonly name = 'XBezahldiensteUnavailable';
}

/** The platform refused the request itself (4xx with the specification's error code, e.g. FORBIDDEN, PAYMENT_EXISTS). */
export class XBezahldiensteRefused extends Error {
  override readonly name = 'XBezahldiensteRefused';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`XBezahldienste refused the request: HTTP ${status}${code ? ` ${code}` : ''}`);
  }
}

export interface XBezahldiensteOptions {
  settings: XBezahldiensteSettings;
  credential: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const problemSchema = z.looseObject({ code: z.optional(z.string()) });

export class XBezahldiensteProvider implements PaymentProvider {
  readonly name = 'xbezahldienste';

  constructor(private readonly options: XBezahldiensteOptions) {}

  private transactionsUrl(): string {
    const { baseUrl, originatorId, endPointId } = this.options.settings;
    return `${baseUrl.replace(/\/+$/, '')}/paymenttransaction/${encodeURIComponent(originatorId)}/${encodeURIComponent(endPointId)}`;
  }

  private async call(method: 'GET' | 'POST', url: string, body?: XBezahldienstePaymentRequest): Promise<XBezahldienstePaymentTransaction> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await this.options.credential()}` };
    if (body) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new XBezahldiensteUnavailable(`XBezahldienste not reachable: ${(error as Error).name} ${url} ${String((error as { cause?: unknown }).cause)}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status >= 500 || response.status === 429) throw new XBezahldiensteUnavailable(`XBezahldienste answered HTTP ${response.status}`);
    if (!response.ok) {
      const problem = z.safeParse(problemSchema, parsed);
      throw new XBezahldiensteRefused(response.status, problem.success ? problem.data.code : undefined);
    }
    const result = z.safeParse(paymentTransactionSchema, parsed);
    if (!result.success) {
      throw new XBezahldiensteProtocolError(`Not a PaymentTransaction: ${result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')}`);
    }
    return result.data;
  }

  private transactionIdOf(ref: ProviderPaymentRef): string {
    if (!ref.providerTransactionId.startsWith(XBD_TRANSACTION_PREFIX)) {
      throw new ProviderTransactionNotFound(`Payment ${ref.paymentId} has no XBezahldienste transaction`);
    }
    return ref.providerTransactionId.slice(XBD_TRANSACTION_PREFIX.length);
  }

  async createTransaction(request: PaymentRequest): Promise<PaymentTransaction> {
    const requestId = requestIdOf(request.paymentId);
    const transaction = await this.call('POST', this.transactionsUrl(), {
      requestId,
      requestTimestamp: new Date().toISOString(),
      currency: request.currency,
      grossAmount: request.amountCents,
      purpose: xbdPurposeOf(request.purpose),
      description: xbdPurposeOf(request.purpose),
      redirectUrl: request.returnUrl,
      items: [{ id: requestId, reference: request.cashReference.slice(0, 36), grossAmount: request.amountCents, quantity: 1 }],
    }).catch(async (error: unknown) => {
      if (!(error instanceof XBezahldiensteRefused && error.code === 'PAYMENT_EXISTS')) throw error;
      return this.call('GET', `${this.transactionsUrl()}/${encodeURIComponent(requestId)}`).catch(() => {
        throw error;
      });
    });
    const { transactionId, transactionRedirectUrl } = transaction.paymentInformation;
    if (!transactionRedirectUrl) throw new XBezahldiensteProtocolError('A new payment transaction without transactionRedirectUrl');
    return { providerTransactionId: `${XBD_TRANSACTION_PREFIX}${transactionId}`, checkoutUrl: transactionRedirectUrl };
  }

  async status(ref: ProviderPaymentRef): Promise<ProviderPaymentState> {
    let transaction: XBezahldienstePaymentTransaction;
    try {
      transaction = await this.call('GET', `${this.transactionsUrl()}/${encodeURIComponent(this.transactionIdOf(ref))}`);
    } catch (error) {
      if (error instanceof XBezahldiensteRefused && error.status === 404) throw new ProviderTransactionNotFound(`No XBezahldienste transaction for payment ${ref.paymentId}`);
      throw error;
    }
    const information = transaction.paymentInformation;
    // The amount is checked against our payment (a confirmation over another amount is refused): it must be there.
    if (!transaction.paymentRequest) throw new XBezahldiensteProtocolError('A payment transaction without its paymentRequest');
    const status = mapStatus(information.status);
    return {
      status,
      amountCents: transaction.paymentRequest.grossAmount,
      ...(status === 'BOOKED' && information.transactionReference ? { transactionReference: information.transactionReference } : {}),
      ...(status !== 'INITIAL' && information.transactionTimestamp ? { occurredAt: new Date(information.transactionTimestamp).toISOString() } : {}),
    };
  }

  async cancel(ref: ProviderPaymentRef): Promise<CancelResult> {
    const { status } = await this.status(ref);
    return { status: status === 'INITIAL' ? 'CANCELED' : status };
  }

  async refund(ref: ProviderPaymentRef & { amountCents: number; reason: string }): Promise<RefundResult> {
    const { status } = await this.status(ref);
    if (status !== 'BOOKED') throw new RefundNotPossible(`XBezahldienste transaction of payment ${ref.paymentId} is ${status}, not paid`);
    return { status: 'REFUND_REQUESTED', reference: `XBD-RF-${requestIdOf(ref.paymentId)}` };
  }
}
