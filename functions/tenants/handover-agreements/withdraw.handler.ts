import { tableFor } from '#core/ddb';
import { noContent } from '#core/contract';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { mayManageAgreements } from './domain.ts';
import { acceptancePathSchema } from './schemas.ts';
import { withdrawAcceptance } from './store.ts';

/**
 * DELETE /tenants/{id}/handover-agreements/{service}/{task}/{from} — tenant `id` no longer accepts the handover.
 * From then on the platform writes nothing of this kind into `id`'s partition (the acceptance is a condition of each
 * handover's write); handovers made before stay with `id`, which still has to finish them.
 */
export const handler = httpHandler({ params: acceptancePathSchema, responses: { 204: noContent } }, async ({ params, caller }) => {
  if (!mayManageAgreements(caller, params.id, COUNTY_TENANT_ID)) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  await withdrawAcceptance(tableFor(caller.tenantId), { receiver: params.id, from: params.from, service: params.service, task: params.task }, { by: caller.userId, now: new Date() });
  logger.info('Handover acceptance withdrawn', { tenantId: params.id, from: params.from, service: params.service, task: params.task, by: caller.userId });
  return json(204);
});
