/**
 * What the tenant routes answer (the response schemas of the OpenAPI contract). Registry entries and acceptances are
 * parsed with them before they leave, so a field added to the stored item stays internal until it is named here.
 */
import * as z from '#core/zod';
import { TENANT_STATUSES, tenantConfigSchema } from './schemas.ts';

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

/** `PATCH /tenants/{id}/config`: the configuration now in force, its version and the sections that changed. */
export const configChangeSchema = z.object({ config: tenantConfigSchema, version: z.int(), changed: z.array(text) });

/** `GET /tenants/{id}`: a county admin gets the registry entry, the tenant's own admin profile, configuration and history. */
export const tenantViewSchema = z.object({
  id: text,
  name: text,
  status: z.enum(TENANT_STATUSES),
  registry: z.optional(registryEntrySchema),
  profile: z.optional(z.object({ tenantId: text, name: text, ags: text, status: z.enum(TENANT_STATUSES), createdAt: text, updatedAt: text })),
  config: z.optional(tenantConfigSchema),
  configVersion: z.optional(z.int()),
  configUpdatedAt: z.optional(text),
  configUpdatedBy: z.optional(text),
  configHistory: z.optional(z.array(z.object({ version: z.int(), updatedAt: text, updatedBy: text, changed: z.optional(z.array(text)) }))),
});

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
