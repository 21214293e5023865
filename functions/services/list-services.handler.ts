import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { feeScheduleVersionSchema } from '#functions/tenants/schemas';
import { SERVICES } from './catalog.ts';
import { publishedFormSchema } from './form-meta.ts';

const catalogueSchema = z.object({
  tenantId: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      /** The service's key in the federal service catalogue (LeiKa). */
      leikaKey: z.string(),
      title: z.string(),
      description: z.string(),
      /** The proofs the form asks for. */
      uploads: z.array(z.object({ kind: z.string(), label: z.string(), required: z.enum(['always', 'sometimes']) })),
      /** The documents the service issues. */
      issues: z.array(z.object({ kind: z.string(), label: z.string() })),
      /** The tenant's fee schedule of the service, every version (the one in force: the latest valid from today or earlier). */
      fees: z.array(feeScheduleVersionSchema),
      /** The JSON Schema of the form (from the zod schema that validates submissions). */
      formSchema: z.record(z.string(), z.unknown()),
    }),
  ),
});

/**
 * GET /services — the online services the caller's tenant offers, each with its federal service key, the current
 * fee schedule and the JSON Schema of its form (generated from the zod schema that also validates submissions).
 */
export const handler = httpHandler({ responses: { 200: catalogueSchema } }, async ({ caller }) => {
  const config = await tenantConfig(tableFor(caller.tenantId), caller.tenantId);
  const items = config.enabledServices
    .map((id) => SERVICES[id])
    .filter((service) => service !== undefined)
    .map((service) => ({
      id: service.id,
      leikaKey: service.leikaKey,
      title: service.title,
      description: service.description,
      uploads: service.uploads,
      issues: service.issues,
      fees: config.feeSchedules[service.id] ?? [],
      formSchema: publishedFormSchema(service.formSchema),
    }));
  return json(200, { tenantId: caller.tenantId, items });
});
