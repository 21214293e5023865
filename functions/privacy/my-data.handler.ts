/** GET /privacy/me — the caller's access exports and erasure requests with their answers ("Meine Daten"). */
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { personView, requestsOfPerson } from './requests-store.ts';
import { myDataViewSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'access-export', action: 'read', id: 'caller', subject: ['caller'] }, responses: { 200: myDataViewSchema } }, async ({ caller }) => {
  const { exports, requests } = await requestsOfPerson(tableFor(caller.tenantId), caller.tenantId, caller.userId);
  return json(200, {
    exports: exports.map(({ exportId, status, requestedAt, readyAt }) => ({ exportId, status, requestedAt, ...(readyAt ? { readyAt } : {}) })),
    requests: requests.map(personView),
  });
});
