import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { NotFound } from '#core/problem';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { getConfig } from '../store.ts';
import { isAccepted, mayManageAgreements } from './domain.ts';
import { agreementsPathSchema } from './schemas.ts';
import { acceptancesBy, acceptancesFor } from './store.ts';

/**
 * GET /tenants/{id}/handover-agreements — both sides of the tenant's handovers, read with its own credentials:
 * - `accepts`: what it accepts from whom (its partition);
 * - `acceptedBy`: which receivers accept what from it (their records, through the index under its id);
 * - `declared`: the handovers of its configuration, each with `agreed` (a declaration whose receiver withdrew stays
 *   in the configuration but hands nothing over).
 */
export const handler = httpHandler({ params: agreementsPathSchema }, async ({ params, caller }) => {
  if (!mayManageAgreements(caller, params.id, COUNTY_TENANT_ID)) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const db = tableFor(caller.tenantId);
  const [accepts, acceptedBy, config] = await Promise.all([acceptancesBy(db, params.id), acceptancesFor(db, params.id), getConfig(db, params.id)]);
  return json(200, {
    accepts,
    acceptedBy: acceptedBy.map(({ receiver, service, task, reference, agreedAt }) => ({ receiver, service, task, ...(reference ? { reference } : {}), agreedAt })),
    declared: (config?.config.handovers ?? []).map((declaration) => ({ ...declaration, agreed: isAccepted(acceptedBy, params.id, declaration) })),
  });
});
