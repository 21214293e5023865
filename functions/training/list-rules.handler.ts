import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { listRules } from './rules/store.ts';
import { ruleSchema } from './admin-views.ts';
import * as z from '#core/zod';

/** GET /training/rules — the tenant's assignment rules, oldest first. */
export const handler = httpHandler({ responses: { 200: z.object({ items: z.array(ruleSchema) }) } }, async ({ caller }) => {
  const items = await listRules(tableFor(caller.tenantId), caller.tenantId);
  return json(200, { items });
});
