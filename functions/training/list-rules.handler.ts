import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { listRules } from './rules/store.ts';

/** GET /training/rules — the tenant's assignment rules, oldest first. */
export const handler = httpHandler({}, async ({ caller }) => {
  const items = await listRules(tableFor(caller.tenantId), caller.tenantId);
  return json(200, { items });
});
