/**
 * What the tenant routes answer (the response schemas of the OpenAPI contract). Registry entries and acceptances are
 * parsed with them before they leave, so a field added to the stored item stays internal until it is named here.
 * Without the configuration schemas (`schemas.ts`), which the routes that list or change the registry do not need.
 */
import * as z from '#core/zod';
import { TENANT_STATUSES } from './statuses.ts';

const text = z.string();

export const accountsJobSchema = z.object({
  action: z.enum(['disable', 'enable']),
  state: z.enum(['running', 'done', 'failed']),
  run: z.int(),
  startedAt: text,
  finishedAt: z.optional(text),
  failureReason: z.optional(text),
});

/** A tenant in the county's registry, as county admins see it (without the onboarding request, but its admin e-mail). */
export const registryEntrySchema = z.object({
  tenantId: text,
  name: text,
  ags: text,
  status: z.enum(TENANT_STATUSES),
  attempt: z.int(),
  createdAt: text,
  createdBy: text,
  updatedAt: text,
  retriedBy: z.optional(text),
  failureReason: z.optional(text),
  accounts: z.optional(accountsJobSchema),
  adminEmail: text,
});

/** `POST /tenants/{id}/deactivate`, `/reactivate`. */
export const statusChangeSchema = z.object({ id: text, status: z.enum(['active', 'deactivated']), accounts: accountsJobSchema });

/** A receiver's acceptance of a handover (its own record). */
export const acceptanceSchema = z.object({
  receiver: text,
  from: text,
  service: text,
  task: text,
  reference: z.optional(text),
  agreedAt: text,
  agreedBy: text,
  updatedAt: text,
  updatedBy: text,
});
