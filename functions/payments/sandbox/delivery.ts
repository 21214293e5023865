/**
 * Sends the sandbox's signed webhook like a provider would: POST, a few quick retries on network errors and 5xx
 * (a real provider retries for much longer), then reports the last HTTP status.
 */
import { formatEuro } from '../domain.ts';
import type { SandboxTransaction } from './ledger.ts';
import type { SignedRequest } from './provider.ts';

export interface WebhookDelivery {
  /** HTTP status of the last attempt; null when no answer arrived. */
  status: number | null;
  attempts: number;
  error?: string;
}

export interface DeliveryOptions {
  /** Pauses before the 2nd, 3rd, … attempt. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

export async function deliverWebhook(request: SignedRequest, options: DeliveryOptions = {}): Promise<WebhookDelivery> {
  const delays = options.retryDelaysMs ?? [200, 600];
  const timeoutMs = options.timeoutMs ?? 10_000;
  let last: WebhookDelivery = { status: null, attempts: 0 };
  for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      last = { status: response.status, attempts: attempt };
      if (response.status < 500) return last;
    } catch (error) {
      last = { status: null, attempts: attempt, error: (error as Error).message };
    }
    const delay = delays[attempt - 1];
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return last;
}

/** The German sentence shown to the tester. */
export function describeOutcome(transaction: SandboxTransaction, delivery: WebhookDelivery): string {
  const amount = formatEuro(transaction.amountCents);
  const outcome =
    transaction.status === 'BOOKED'
      ? `Die Testzahlung über ${amount} wurde ausgeführt (Kassenzeichen ${transaction.transactionReference ?? '–'}).`
      : transaction.status === 'CANCELED'
        ? `Die Testzahlung über ${amount} wurde abgebrochen.`
        : `Ein Fehlschlag der Testzahlung über ${amount} wurde simuliert.`;
  const webhook =
    delivery.status === null
      ? `Die Zahlungsbestätigung konnte nicht zugestellt werden (${delivery.attempts} Versuche).`
      : delivery.status >= 200 && delivery.status < 300
        ? `Die Zahlungsbestätigung wurde zugestellt (HTTP ${delivery.status}).`
        : `Die Zahlungsbestätigung wurde abgelehnt (HTTP ${delivery.status}).`;
  return `${outcome} ${webhook}`;
}
