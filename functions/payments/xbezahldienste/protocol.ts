/**
 * The messages of XBezahldienste 1.0 (FITKO, API documentation v1.0.0,
 * https://docs.fitko.de/xbezahldienste/APIDoku/versionen/v1.0.0/ — "initiate payment transaction" and the transaction
 * status query), as far as this platform uses them, and the mapping of its transaction statuses to ours. Pure, zod
 * only: the adapter (`adapter.ts`) and the local sandbox (`sandbox/`) share these schemas, so they cannot drift apart.
 *
 * The flow: `POST /paymenttransaction/{originatorId}/{endPointId}` with a PaymentRequest → a PaymentTransaction whose
 * `paymentInformation` carries the platform's `transactionId` and `transactionRedirectUrl` (the pay page) → the payer
 * pays and is sent back to `redirectUrl` → "the status (success / abort) must be queried" (the specification's words on
 * `redirectUrl`): `GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId}`. There is no webhook.
 */
import * as z from '#core/zod';
import type { PaymentStatus } from '../provider.ts';

/**
 * `paymentInformation.status` of XBezahldienste 1.0 — the four values the specification names:
 * INITIAL (transaction created, the payer has done nothing yet), PAYED (paid successfully — not `BOOKED`, which is
 * FIT-Connect's word in its submission metadata), FAILED (aborted by the payment service, e.g. declined), CANCELED
 * (aborted by the payer).
 */
export const XBEZAHLDIENSTE_STATUSES = ['INITIAL', 'PAYED', 'FAILED', 'CANCELED'] as const;
export type XBezahldiensteStatus = (typeof XBEZAHLDIENSTE_STATUSES)[number];

/** XBezahldienste status → the platform's payment status. Total over the specification's values (checked by the type). */
export const STATUS_MAPPING: Readonly<Record<XBezahldiensteStatus, PaymentStatus>> = {
  INITIAL: 'INITIAL',
  PAYED: 'BOOKED',
  FAILED: 'FAILED',
  CANCELED: 'CANCELED',
};

export class UnknownXBezahldiensteStatus extends Error {
  override readonly name = 'UnknownXBezahldiensteStatus';
}

/** A status the specification does not name is never guessed at: the caller retries later, a human looks at it. */
export function mapStatus(status: string): PaymentStatus {
  if (!(XBEZAHLDIENSTE_STATUSES as readonly string[]).includes(status)) {
    throw new UnknownXBezahldiensteStatus(`XBezahldienste status "${status.slice(0, 40)}" is not one of ${XBEZAHLDIENSTE_STATUSES.join(', ')}`);
  }
  return STATUS_MAPPING[status as XBezahldiensteStatus];
}

/** `^[\w\d-]+$`, 1–36 characters: requestId, item ids and the path parameters. */
export const xbdId = z.string().check(z.minLength(1), z.maxLength(36), z.regex(/^[A-Za-z0-9_-]+$/));

/** The purpose (Verwendungszweck) as XBezahldienste takes it: at most 27 characters `^[\w\d\s-]+$`. */
export const xbdPurpose = z.string().check(z.minLength(1), z.maxLength(27), z.regex(/^[A-Za-z0-9_\s-]+$/));

export const paymentRequestSchema = z.looseObject({
  requestId: xbdId,
  requestTimestamp: z.iso.datetime({ offset: true }),
  currency: z.literal('EUR'),
  /** In cents (an integer, at most 999999 in the specification). */
  grossAmount: z.int().check(z.gte(1), z.lte(999_999)),
  purpose: xbdPurpose,
  description: z.optional(z.string().check(z.maxLength(250))),
  redirectUrl: z.url().check(z.maxLength(2082)),
  items: z
    .array(
      z.looseObject({
        id: xbdId,
        reference: z.optional(z.string().check(z.maxLength(36))),
        description: z.optional(z.string().check(z.maxLength(250))),
        grossAmount: z.int().check(z.gte(0), z.lte(999_999)),
        quantity: z.optional(z.int().check(z.gte(1))),
      }),
    )
    .check(z.minLength(1), z.maxLength(99)),
});
export type XBezahldienstePaymentRequest = z.infer<typeof paymentRequestSchema>;

export const paymentInformationSchema = z.looseObject({
  transactionUrl: z.optional(z.url()),
  /** The pay page; only while INITIAL. */
  transactionRedirectUrl: z.optional(z.url()),
  transactionId: z.string().check(z.minLength(1), z.maxLength(44), z.regex(/^[A-Za-z0-9_-]+$/)),
  /** The Kassenzeichen; present once paid (it may be given earlier). */
  transactionReference: z.optional(z.string().check(z.minLength(1), z.maxLength(36))),
  transactionTimestamp: z.optional(z.iso.datetime({ offset: true })),
  paymentMethod: z.optional(z.string().check(z.maxLength(40))),
  status: z.string().check(z.minLength(1), z.maxLength(40)),
  statusDetail: z.optional(z.string().check(z.maxLength(99))),
});
export type XBezahldienstePaymentInformation = z.infer<typeof paymentInformationSchema>;

export const paymentTransactionSchema = z.looseObject({
  paymentRequest: z.optional(paymentRequestSchema),
  paymentInformation: paymentInformationSchema,
});
export type XBezahldienstePaymentTransaction = z.infer<typeof paymentTransactionSchema>;

/**
 * The error codes of the specification's problem answers (application/problem+json, field `code`):
 * NO_VALID_ORIGINATOR_OR_ENDPOINT, PAYMENT_EXISTS, CALCULATION_ERROR, BOOKING_DATA_MISSING, VALIDATION_ERROR,
 * UNSPECIFIED, FORBIDDEN.
 */
export const XBEZAHLDIENSTE_ERROR_CODES = [
  'NO_VALID_ORIGINATOR_OR_ENDPOINT',
  'PAYMENT_EXISTS',
  'CALCULATION_ERROR',
  'BOOKING_DATA_MISSING',
  'VALIDATION_ERROR',
  'UNSPECIFIED',
  'FORBIDDEN',
] as const;
export type XBezahldiensteErrorCode = (typeof XBEZAHLDIENSTE_ERROR_CODES)[number];

/** Our payment id `<tenantId>.<22 random>` is too long for a requestId (36): its random part is unique on its own. */
export function requestIdOf(paymentId: string): string {
  return paymentId.slice(paymentId.indexOf('.') + 1);
}

/** Our purpose is in the DTA set (`purpose.ts`); XBezahldienste allows letters, digits, blanks and `-` only. */
export function xbdPurposeOf(purpose: string): string {
  return purpose.replace(/[^A-Za-z0-9_\s-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 27).trim();
}
