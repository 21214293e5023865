import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Conflict, HttpProblem } from '#core/problem';
import * as z from '#core/zod';
import { draftBodySchema, draftPathSchema, draftServiceTitle, draftView } from './domain.ts';
import { DraftVersionMismatch, saveDraft } from './store.ts';

/**
 * PUT /drafts/{serviceId} — saves the caller's draft of a service. Without `If-Match` a new draft (201; refused with
 * 409 while one exists), with `If-Match: "<version>"` the next version of the draft the client holds (200; 409 when
 * it was saved elsewhere meanwhile, e.g. in another window). Each save keeps the draft for another 30 days.
 */
export const handler = httpHandler(
  { audit: { record: 'draft', action: 'update', id: 'param:serviceId', subject: ['caller'] }, params: draftPathSchema, body: draftBodySchema, responses: { 200: draftView, 201: draftView } },
  async ({ params, body, caller, headers }) => {
    const title = draftServiceTitle(params.serviceId);
    const ifMatch = headers['if-match'];
    const expectedVersion = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', '').replace(/^W\//, ''));
    if (expectedVersion !== undefined && !(Number.isInteger(expectedVersion) && expectedVersion > 0)) {
      throw new HttpProblem('bad-request', 'Der Header If-Match muss die Versionsnummer des Entwurfs enthalten.', [
        { field: 'header/if-match', message: 'Keine gültige Versionsnummer.' },
      ]);
    }
    try {
      const draft = await saveDraft(tableFor(caller.tenantId), {
        tenantId: caller.tenantId,
        userId: caller.userId,
        serviceId: params.serviceId,
        form: body.form,
        ...(body.step ? { step: body.step } : {}),
        ...(body.uploads ? { uploads: body.uploads } : {}),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        now: new Date(),
      });
      return json(expectedVersion === undefined ? 201 : 200, z.parse(draftView, draft), { etag: `"${draft.version}"` });
    } catch (error) {
      if (!(error instanceof DraftVersionMismatch)) throw error;
      throw new Conflict(
        expectedVersion === undefined
          ? `Sie haben schon einen Entwurf für „${title}“. Bitte setzen Sie ihn fort oder verwerfen Sie ihn, bevor Sie neu beginnen.`
          : `Ihr Entwurf für „${title}“ wurde inzwischen an anderer Stelle gespeichert oder ist abgelaufen (z. B. in einem anderen Fenster). Bitte laden Sie ihn neu.`,
      );
    }
  },
);
