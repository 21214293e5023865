import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { getConfig } from '../store.ts';
import { isAccepted, mayManageAgreements } from './domain.ts';
import { agreementsPathSchema } from './schemas.ts';
import * as z from '#core/zod';
import { acceptanceSchema } from '../views.ts';
import { acceptancesBy, acceptancesFor } from './store.ts';

const agreementsSchema = z.object({
  accepts: z.array(acceptanceSchema),
  acceptedBy: z.array(z.object({ receiver: z.string(), service: z.string(), task: z.string(), reference: z.optional(z.string()), agreedAt: z.string() })),
  declared: z.array(z.object({ service: z.string(), to: z.string(), task: z.string(), agreed: z.boolean() })),
});

/**
 * GET /tenants/{id}/handover-agreements — both sides of the tenant's handovers, read with its own credentials:
 * - `accepts`: what it accepts from whom (its partition);
 * - `acceptedBy`: which receivers accept what from it (their records, through the index under its id);
 * - `declared`: the handovers of its configuration, each with `agreed` (a declaration whose receiver withdrew stays
 *   in the configuration but hands nothing over).
 */
export const handler = httpHandler({ params: agreementsPathSchema, responses: { 200: agreementsSchema } }, async ({ params, caller }) => {
  if (!mayManageAgreements(caller, params.id, COUNTY_TENANT_ID)) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const db = tableFor(caller.tenantId);
  const [accepts, acceptedBy, config] = await Promise.all([acceptancesBy(db, params.id), acceptancesFor(db, params.id), getConfig(db, params.id)]);
  return json(200, {
    accepts: accepts.map((acceptance) => acceptanceSchema.parse(acceptance)),
    acceptedBy: acceptedBy.map(({ receiver, service, task, reference, agreedAt }) => ({ receiver, service, task, ...(reference ? { reference } : {}), agreedAt })),
    declared: (config?.config.handovers ?? []).map((declaration) => ({ ...declaration, agreed: isAccepted(acceptedBy, params.id, declaration) })),
  });
});
