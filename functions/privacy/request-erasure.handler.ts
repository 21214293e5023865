/**
 * POST /privacy/erasure-requests — a signed-in person asks for their data to be erased (Art. 17 DSGVO). The request
 * goes to the data protection officer's list; nothing is erased before the review (erasure-plan.ts shows what must be
 * kept and why). One open request at a time is enough: a second while one is open is answered 409.
 */
import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem } from '#core/problem';
import { createErasureRequest, requestsOfPerson, type ErasureRequest } from './requests-store.ts';
import { erasureRequestBodySchema, erasureRequestViewSchema } from './schemas.ts';

export const handler = httpHandler({ audit: { record: 'erasure-request', action: 'create', id: 'reply:requestId', subject: ['caller'] }, body: erasureRequestBodySchema, responses: { 201: erasureRequestViewSchema }, problems: [409] }, async ({ audit, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const { requests } = await requestsOfPerson(db, caller.tenantId, caller.userId);
  if (requests.some((request) => request.status === 'open')) {
    throw new HttpProblem('conflict', 'Ihr Antrag auf Löschung wird bereits geprüft. Sie erhalten eine Antwort per E-Mail.');
  }
  const request: ErasureRequest = {
    requestId: randomUUID(),
    tenantId: caller.tenantId,
    userId: caller.userId,
    ...(caller.email ? { email: caller.email } : {}),
    status: 'open',
    requestedAt: new Date().toISOString(),
    ...(body.message ? { message: body.message } : {}),
  };
  await createErasureRequest(db, request);
  audit({ purpose: 'art-17' });
  return json(201, { requestId: request.requestId, status: request.status, requestedAt: request.requestedAt, ...(request.message ? { message: request.message } : {}) });
});
