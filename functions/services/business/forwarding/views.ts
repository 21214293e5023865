/** What the forwarding routes answer about a delivery (`deliverySummary`): the response schema of the contract. */
import * as z from '#core/zod';
import { DELIVERY_STATUSES } from './model.ts';

const text = z.string();

export const deliverySummarySchema = z.object({
  deliveryId: text,
  recipientId: text,
  recipientName: text,
  kind: z.enum(['notice', 'statistics-batch']),
  formKinds: z.array(text),
  applicationIds: z.array(text),
  caseNumbers: z.array(text),
  period: z.optional(text),
  matrixVersion: text,
  status: z.enum(DELIVERY_STATUSES),
  statusLabel: text,
  attempts: z.int(),
  totalAttempts: z.int(),
  nextAttemptAt: z.optional(text),
  lastAttemptAt: z.optional(text),
  lastError: z.optional(text),
  deliveredAt: z.optional(text),
  transportRef: z.optional(text),
  messageUuid: text,
  createdAt: text,
  updatedAt: text,
  createdBy: text,
  note: z.optional(text),
  history: z.array(
    z.object({
      at: text,
      event: z.enum(['created', 'delivered', 'failed', 'dead', 'resend']),
      attempt: z.optional(z.int()),
      error: z.optional(text),
      by: z.optional(text),
      note: z.optional(text),
    }),
  ),
});
