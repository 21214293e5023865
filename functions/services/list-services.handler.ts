import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { tenantConfig } from '#functions/tenants/config';
import { SERVICES } from './catalog.ts';
import { publishedFormSchema } from './form-meta.ts';

/**
 * GET /services — the online services the caller's tenant offers, each with its federal service key, the current
 * fee schedule and the JSON Schema of its form (generated from the zod schema that also validates submissions).
 */
export const handler = httpHandler({}, async ({ caller }) => {
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
