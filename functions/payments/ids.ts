import { randomBytes } from 'node:crypto';
import { isTenantId } from '#core/tenant-id';
import * as z from '#core/zod';

/**
 * Payment ids are `<tenantId>.<22 characters base64url>` (128 random bits), e.g. `neuss.q3X0l9cJ8wYpQeRk2mTz1A`.
 *
 * - URL-safe without encoding (a tenant id is `[a-z0-9-]`, base64url is `[A-Za-z0-9_-]`, `.` separates them), so
 *   the id is a path segment of the public payment page and of the provider's callback.
 * - The public pages (sandbox checkout) find the tenant's partition from the id alone, without a token.
 * - Unguessable: whoever knows the id can open the payment page, as with any provider's checkout link.
 */
const RANDOM_PART = /^[A-Za-z0-9_-]{22}$/;
export const PAYMENT_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[A-Za-z0-9_-]{22}$/;

export function newPaymentId(tenantId: string): string {
  if (!isTenantId(tenantId)) throw new Error('Invalid tenant id for a payment id');
  return `${tenantId}.${randomBytes(16).toString('base64url')}`;
}

/** The tenant a payment id belongs to, or undefined when the id is not one of ours. */
export function tenantOfPaymentId(paymentId: string): string | undefined {
  const dot = paymentId.indexOf('.');
  if (dot < 0) return undefined;
  const tenantId = paymentId.slice(0, dot);
  const random = paymentId.slice(dot + 1);
  return isTenantId(tenantId) && RANDOM_PART.test(random) ? tenantId : undefined;
}

export function isPaymentId(value: string): boolean {
  return value.length <= 63 && tenantOfPaymentId(value) !== undefined;
}

export const paymentIdSchema = z.string().check(
  z.maxLength(63, 'Die Zahlungsnummer ist zu lang.'),
  z.regex(PAYMENT_ID_PATTERN, 'Die Zahlungsnummer ist ungültig.'),
  z.refine((value) => isPaymentId(value), 'Die Zahlungsnummer ist ungültig.'),
);
