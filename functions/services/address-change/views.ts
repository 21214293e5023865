/**
 * What the change-of-address routes answer (the response schemas of the OpenAPI contract). A county task is parsed
 * with its schema before it leaves, so a field added to the stored task stays internal until it is named here.
 */
import * as z from '#core/zod';
import { addressSchema } from './form.ts';
import { VEHICLE_TASK_KINDS } from './ids.ts';
import { CITIZEN_ACTIONS } from './schemas.ts';

const text = z.string();
const handoverStatus = z.enum(['open', 'done', 'failed']);

/** A vehicle task as the caseworkers of the office doing it see it (the county's Zulassungsstelle, or a pilot town's office). */
export const vehicleTaskSchema = z.object({
  handoverId: text,
  task: z.enum(VEHICLE_TASK_KINDS),
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
  reportedAt: z.optional(text),
  reportedTo: z.optional(text),
});

/**
 * A pilot town's report to the county: the town office put the address sticker on the ZB I (`town-office-sticker`).
 * The county's register was updated from it (`registerUpdated`; false when the register already held a later move).
 */
export const vehicleReportSchema = z.object({
  handoverId: text,
  fromTenantId: text,
  fromTenantName: text,
  caseNumber: text,
  plate: text,
  zb1Number: text,
  newAddress: addressSchema,
  moveDate: text,
  stickerAppliedAt: text,
  reportedAt: text,
  registerUpdated: z.boolean(),
});

/** The county's register entry of a vehicle's holder address, as the last report left it. */
export const vehicleRegisterEntrySchema = z.object({
  plate: text,
  zb1Number: text,
  address: addressSchema,
  addressSince: text,
  updatedAt: text,
  source: z.object({ kind: z.literal('town-office-report'), fromTenantId: text, handoverId: text }),
});
