/** Inputs of the payment steps of the application workflow (validated by `taskHandler`). */
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { paymentIdSchema } from './ids.ts';

const applicationIdSchema = z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/));

export const createPaymentInputSchema = z.object({
  tenantId: tenantIdSchema,
  applicationId: applicationIdSchema,
  /** The number of the application's payment: 1, or more when the applicant pays again after a failed one. */
  attempt: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 1),
  caseNumber: z.string().check(z.minLength(1), z.maxLength(64)),
  /** A fee of 0 € needs no payment: the workflow skips the payment steps. */
  amountCents: z.number().check(z.int(), z.gte(1), z.lte(100_000_000)),
  /** Verwendungszweck; 140 characters as in a SEPA remittance. */
  purpose: z.string().check(z.minLength(1), z.maxLength(140)),
  cashReference: z.string().check(z.minLength(1), z.maxLength(100)),
});

export const awaitPaymentInputSchema = z.object({
  tenantId: tenantIdSchema,
  paymentId: paymentIdSchema,
  taskToken: z.string().check(z.minLength(1), z.maxLength(8192)),
});

export const cancelPaymentInputSchema = z.object({
  tenantId: tenantIdSchema,
  paymentId: paymentIdSchema,
});

export const refundPaymentInputSchema = z.object({
  tenantId: tenantIdSchema,
  paymentId: paymentIdSchema,
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  /** Only part of the payment (the fee of a partial approval is lower); without it, all of it. */
  amountCents: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100_000_000))),
});
