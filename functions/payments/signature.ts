import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidWebhookSignature } from './provider.ts';

/**
 * Webhook signatures as FIT-Connect signs its callbacks (FIT-Connect documentation, "Callbacks": verified against the
 * specification, DOMAIN.md "Checked in December 2026"):
 *
 *   callback-timestamp:      Unix time in whole seconds, decimal digits (e.g. `1764000000`)
 *   callback-authentication: HMAC-SHA512(secret, `${callback-timestamp}.${raw request body}`) as lower-case hex
 *                            (128 characters)
 *
 * Exactly that is sent and accepted; any other encoding is refused. The bytes are compared in constant time.
 *
 * A request is rejected when the timestamp is older than 5 minutes or more than 30 seconds in the future (clock
 * skew). The body is signed as received: the verifier must get the raw body, never a re-serialised JSON.
 */
export const SIGNATURE_HEADER = 'callback-authentication';
export const TIMESTAMP_HEADER = 'callback-timestamp';
export const MAX_AGE_SECONDS = 5 * 60;
export const MAX_FUTURE_SKEW_SECONDS = 30;

const MAC_BYTES = 64;

function mac(secret: string, timestamp: string, body: string): Buffer {
  return createHmac('sha512', secret).update(`${timestamp}.${body}`, 'utf8').digest();
}

/** The hex signature of a body at a timestamp (seconds). */
export function sign(secret: string, timestamp: number, body: string): string {
  return mac(secret, String(timestamp), body).toString('hex');
}

/** The headers a sender sets on a signed JSON request. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(secret, timestamp, body),
  };
}

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function decodeSignature(value: string): Buffer | undefined {
  const text = value.trim();
  return new RegExp(`^[0-9a-f]{${2 * MAC_BYTES}}$`).test(text) ? Buffer.from(text, 'hex') : undefined;
}

/**
 * Throws `InvalidWebhookSignature` unless the request carries a fresh, valid signature of `rawBody`. The error
 * message says which check failed (for the log; the HTTP answer does not tell).
 */
export function verifySignature(
  secret: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  now: Date,
): void {
  const timestamp = header(headers, TIMESTAMP_HEADER)?.trim();
  const signature = header(headers, SIGNATURE_HEADER);
  if (!timestamp || !signature) throw new InvalidWebhookSignature('Signature or timestamp header missing');
  if (!/^\d{1,12}$/.test(timestamp)) throw new InvalidWebhookSignature('Timestamp is not in whole seconds');
  const age = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (age > MAX_AGE_SECONDS) throw new InvalidWebhookSignature('Timestamp is older than 5 minutes');
  if (age < -MAX_FUTURE_SKEW_SECONDS) throw new InvalidWebhookSignature('Timestamp is in the future');
  const given = decodeSignature(signature);
  if (!given) throw new InvalidWebhookSignature('Signature is not a lower-case hex HMAC-SHA512');
  const expected = mac(secret, timestamp, rawBody);
  if (!timingSafeEqual(given, expected)) throw new InvalidWebhookSignature('Signature does not match');
}
