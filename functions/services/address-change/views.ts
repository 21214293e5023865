/**
 * What the change-of-address routes answer (the response schemas of the OpenAPI contract). A county task is parsed
 * with its schema before it leaves, so a field added to the stored task stays internal until it is named here.
 */
import * as z from '#core/zod';
import { addressSchema } from './form.ts';
import { CITIZEN_ACTIONS } from './schemas.ts';

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
