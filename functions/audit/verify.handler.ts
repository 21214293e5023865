import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { verifyQuerySchema } from './schemas.ts';
import { verifyTrail } from './trail.ts';
import { CHAIN_PROBLEM_LABELS, verificationSchema } from './views.ts';

/**
 * `GET /audit/verify?from=` — checks the tenant's hash chain from its head back to `from` (default: its first entry):
 * an altered, deleted or inserted entry is reported with its day and sequence number. One Query per day checked.
 */
export const handler = httpHandler({ query: verifyQuerySchema, responses: { 200: verificationSchema } }, async ({ query, caller }) => {
  const result = await verifyTrail(tableFor(caller.tenantId), caller.tenantId, query.from ? { from: query.from } : {});
  return json(200, { ...result, problems: result.problems.map((problem) => ({ ...problem, label: CHAIN_PROBLEM_LABELS[problem.kind] })) });
});
