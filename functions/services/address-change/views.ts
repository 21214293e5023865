/**
 * What the change-of-address routes answer (the response schemas of the OpenAPI contract). A county task is parsed
 * with its schema before it leaves, so a field added to the stored task stays internal until it is named here.
 */
import * as z from '#core/zod';
import { APPLICATION_STATUSES } from '#functions/applications/model';
import { addressSchema } from './form.ts';
import { CITIZEN_ACTIONS } from './handover.ts';

const text = z.string();
const handoverStatus = z.enum(['open', 'done', 'failed']);

/** A vehicle registration task as the county's caseworkers see it. */
export const vehicleTaskSchema = z.object({
  handoverId: text,
  task: z.literal('vehicle-registration-update'),
  tenantId: text,
  fromTenantId: text,
  fromTenantName: text,
  caseNumber: text,
  plate: text,
  zb1Number: text,
  newAddress: addressSchema,
  moveDate: text,
  status: handoverStatus,
  statusLabel: text,
  createdAt: text,
  updatedAt: text,
  newCertificateNumber: z.optional(text),
  note: z.optional(text),
  failureReason: z.optional(text),
  citizenAction: z.optional(z.enum(CITIZEN_ACTIONS)),
  zb1Correction: z.optional(z.object({ previous: text, at: text })),
  updatedBy: z.optional(text),
  reopened: z.optional(z.int()),
});

/** `GET /address-change/{id}/status`: one status across the municipality and the county. */
export const addressChangeStatusSchema = z.object({
  applicationId: text,
  status: z.enum(['in-progress', 'completed', 'action-required', 'rejected', 'withdrawn', 'failed']),
  statusLabel: text,
  municipality: z.object({ caseNumber: text, status: z.enum(APPLICATION_STATUSES), statusLabel: text }),
  vehicles: z.array(
    z.object({
      plate: text,
      status: z.enum(['open', 'done', 'failed', 'not-forwarded']),
      statusLabel: text,
      updatedAt: z.optional(text),
      failureReason: z.optional(text),
      action: z.optional(z.object({ kind: z.enum(CITIZEN_ACTIONS), text, handoverId: text })),
      correctionSentAt: z.optional(text),
    }),
  ),
  handovers: z.array(z.object({ handoverId: text, plate: text, to: text, status: handoverStatus, updatedAt: text, failureReason: z.optional(text) })),
});
