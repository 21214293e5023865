import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound, Unprocessable } from '#core/problem';
import { applyConfigPatch, refuseCountyAssignedChanges } from './domain.ts';
import { declarationProblems } from './handover-agreements/domain.ts';
import { acceptancesFor } from './handover-agreements/store.ts';
import { tenantConfigPatchSchema, tenantConfigSchema, tenantPathSchema } from './schemas.ts';
import { getConfig, saveConfig } from './store.ts';
import * as z from '#core/zod';
import { paymentSettingsProblems } from '#functions/payments/settings';

/** The configuration now in force, its version and the sections that changed. */
const configChangeSchema = z.object({ config: tenantConfigSchema, version: z.int(), changed: z.array(z.string()) });

/**
 * PATCH /tenants/{id}/config — a tenant admin changes its own tenant's configuration. Sections in the body replace
 * the stored ones. `If-Match: <version>` makes the change conditional on the version the admin has seen; without it
 * the change applies to the current version (still atomic). Every change is recorded with who and when. AGS and
 * case-number prefix are the county's to assign (unique across tenants): sending them unchanged is fine, changing 422.
 *
 * `handovers` names other tenants: each entry must be accepted by its receiver (a handover agreement in the
 * receiver's partition), else 422 — a tenant admin cannot make the platform write into another tenant's partition
 * by configuration. The check reads the receivers' acceptances through the index under the caller's own tenant id.
 * Likewise `payment` may name only a credential of the caller's own tenant (`paymentSettingsProblems`), else 422.
 */
export const handler = httpHandler({ params: tenantPathSchema, body: tenantConfigPatchSchema, responses: { 200: configChangeSchema } }, async ({ params, body, caller, headers }) => {
  if (params.id !== caller.tenantId) throw new NotFound(`Mandant "${params.id}" wurde nicht gefunden.`);
  const db = tableFor(caller.tenantId);
  const current = await getConfig(db, params.id);
  if (!current) throw new NotFound(`Für den Mandanten "${params.id}" gibt es noch keine Konfiguration.`);

  const ifMatch = headers['if-match'];
  const expected = ifMatch === undefined ? current.version : Number(ifMatch.replaceAll('"', ''));
  if (!Number.isInteger(expected)) {
    throw new HttpProblem('bad-request', 'Der Header If-Match muss die Versionsnummer der Konfiguration enthalten.', [
      { field: 'header/if-match', message: 'Keine gültige Versionsnummer.' },
    ]);
  }
  if (expected !== current.version) {
    throw new HttpProblem('conflict', `Die Konfiguration liegt inzwischen in Version ${current.version} vor. Bitte neu laden.`);
  }
  if (body.handovers !== undefined) {
    const problems = declarationProblems(body.handovers, params.id, await acceptancesFor(db, params.id));
    if (problems.length > 0) throw new Unprocessable('Mindestens eine Weitergabe ist nicht vereinbart.', problems);
  }
  if (body.payment !== undefined) {
    const problems = paymentSettingsProblems(body.payment, params.id);
    if (problems.length > 0) throw new Unprocessable('Der Bezahldienst darf nur Zugangsdaten des eigenen Mandanten verwenden.', problems);
  }
  const { config, changed } = applyConfigPatch(current.config, body);
  refuseCountyAssignedChanges(changed);
  if (changed.length === 0) return json(200, { config: current.config, version: current.version, changed }, { etag: `"${current.version}"` });
  const saved = await saveConfig(db, params.id, current.version, { config, changed, by: caller.userId, now: new Date() });
  return json(200, { config: saved.config, version: saved.version, changed }, { etag: `"${saved.version}"` });
});
