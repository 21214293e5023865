import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { SERVICES } from './catalog.ts';
import { serviceListView } from './catalogue-view.ts';
import { publishedFormSchema } from './form-meta.ts';

/**
 * GET /services — the online services the caller's tenant offers, each with its federal service key, the current
 * fee schedule, the JSON Schema of its form (generated from the zod schema that also validates submissions) and the
 * presentation hints the web app renders the form with.
 */
export const handler = httpHandler({ responses: { 200: serviceListView } }, async ({ caller }) => {
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
      presentation: service.presentation,
    }));
  return json(200, z.parse(serviceListView, { tenantId: caller.tenantId, items }));
});
