import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { NotFound, Unprocessable } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { acceptanceProblems, handoverTask, mayManageAgreements } from './domain.ts';
import { acceptanceBodySchema, acceptancePathSchema } from './schemas.ts';
import { acceptanceSchema } from '../views.ts';
import { getAcceptance, saveAcceptance } from './store.ts';

/**
 * PUT /tenants/{id}/handover-agreements/{service}/{task}/{from} — tenant `id` accepts `task` of `service` from
 * `from` (201), or changes the reference of that acceptance (200). Only `id`'s own administration may; the record
 * stays in `id`'s partition. Repeating the same PUT changes nothing.
 */
export const handler = httpHandler({ params: acceptancePathSchema, body: acceptanceBodySchema, responses: { 200: acceptanceSchema, 201: acceptanceSchema } }, async ({ params, body, caller }) => {
  if (!mayManageAgreements(caller, params.id, COUNTY_TENANT_ID)) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const ref = { receiver: params.id, from: params.from, service: params.service, task: params.task };
  const problems = acceptanceProblems({ ...ref, county: COUNTY_TENANT_ID, kind: handoverTask(params.service, params.task) });
  if (problems.length > 0) throw new Unprocessable('Diese Weitergabe kann nicht angenommen werden.', problems);
  const db = tableFor(caller.tenantId);
  const previous = await getAcceptance(db, ref);
  if (previous && previous.reference === body?.reference) return json(200, acceptanceSchema.parse(previous));
  const saved = await saveAcceptance(db, ref, { ...(body?.reference !== undefined ? { reference: body.reference } : {}), by: caller.userId, now: new Date() }, previous);
  logger.info('Handover acceptance saved', { tenantId: params.id, from: params.from, service: params.service, task: params.task, by: caller.userId });
  return json(previous ? 200 : 201, acceptanceSchema.parse(saved));
});
