/**
 * Sends the sandbox's signed webhook like a provider would: a round of POSTs with a few quick retries on network
 * errors and 5xx, reporting the last HTTP status; an unanswered confirmation gets further rounds later, with
 * backoff (`afterRound`, the redelivery schedule), as a real provider retries for a day or more.
 */
import { formatEuro } from '../domain.ts';
import type { SandboxDelivery, SandboxTransaction } from './ledger.ts';
import type { SignedRequest } from './provider.ts';

/** Pauses before the next round for an unanswered confirmation; after the last one the sandbox gives up. */
export const REDELIVERY_BACKOFF_MS: readonly number[] = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000];

/**
 * The confirmation's delivery state after a round: delivered on 2xx; refused on any other answer below 500 (the
 * webhook rejected the event itself, repeating it cannot help); otherwise due again after the next pause.
 */
export function afterRound(previous: SandboxDelivery | undefined, round: WebhookDelivery, now: Date): SandboxDelivery {
  const rounds = (previous?.rounds ?? 0) + 1;
  const lastStatus = round.status;
  if (lastStatus !== null && lastStatus >= 200 && lastStatus < 300) return { state: 'delivered', rounds, lastStatus };
  if (lastStatus !== null && lastStatus < 500) return { state: 'refused', rounds, lastStatus };
  const pause = REDELIVERY_BACKOFF_MS[rounds - 1];
  if (pause === undefined) return { state: 'abandoned', rounds, lastStatus };
  return { state: 'pending', rounds, nextAttemptAt: new Date(now.getTime() + pause).toISOString(), lastStatus };
}

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
