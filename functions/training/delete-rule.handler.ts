import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { rulePathSchema } from './rules/domain.ts';
import { deleteRule } from './rules/store.ts';
import { noContent } from '#core/contract';

/**
 * DELETE /training/rules/{id} — removes an assignment rule. Assignments it made stay (with their due dates): taking
 * a rule away must not silently excuse people from training they were told to do; new employees no longer get it.
 */
export const handler = httpHandler({ params: rulePathSchema, responses: { 204: noContent } }, async ({ params, caller }) => {
  await deleteRule(tableFor(caller.tenantId), caller.tenantId, params.id);
  return json(204);
});
