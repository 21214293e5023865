import { crashPoint } from '#core/crash';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import { deliverDecision } from './deliveries.ts';
import type { Decision } from './model.ts';
import { applicationPathSchema, decisionSchema } from './schemas.ts';
import { ApplicationStateConflict, getApplication, transition } from './store.ts';
import { caseworkerApplicationSchema, caseworkerView } from './views.ts';

/**
 * POST /applications/{id}/decision — approve or reject an application that awaits a decision.
 * The decision is recorded once (a condition on the status and on no decision yet), with a pending-delivery mark,
 * and then handed to the waiting workflow. Sent twice, the same decision answers 200 again and is delivered at most
 * once; a different decision, or any decision in another state, is a 409. If the delivery is lost (a crash right
 * after recording), the repair schedule delivers it.
 */
export const handler = httpHandler({ params: applicationPathSchema, body: decisionSchema, responses: { 200: caseworkerApplicationSchema } }, async ({ params, body, caller }) => {
  const db = tableFor(caller.tenantId);
  const app = await getApplication(db, caller.tenantId, params.id);
  if (!app) throw new NotFound('Der Antrag wurde nicht gefunden.');

  const decision: Decision = {
    outcome: body.outcome,
    ...(body.reason ? { reason: body.reason } : {}),
    by: caller.userId,
    at: new Date().toISOString(),
    automatic: false,
  };
  try {
    await transition(db, app, {
      from: ['awaiting-decision'],
      to: body.outcome === 'approve' ? 'approved' : 'rejected',
      actor: caller.userId,
      now: new Date(decision.at),
      ...(body.reason ? { note: body.reason } : {}),
      set: { decision },
      condition: 'attribute_not_exists(decision) AND attribute_not_exists(withdrawalRequestedAt)',
      pendingDelivery: 'decision',
    });
  } catch (error) {
    if (!(error instanceof ApplicationStateConflict)) throw error;
    // Read again: an identical request sent at the same time may have recorded the decision after our first read.
    const current = (await getApplication(db, caller.tenantId, params.id)) ?? app;
    const recorded = current.decision;
    const same = recorded && recorded.outcome === body.outcome && recorded.by === caller.userId;
    if (!same) throw new HttpProblem('conflict', 'Über diesen Antrag kann gerade nicht entschieden werden: Er wartet nicht (mehr) auf eine Entscheidung.');
    if (!current.decisionDelivered) await deliverDecision(db, current, recorded);
    return json(200, caseworkerView(current));
  }
  await crashPoint('after-decision-recorded');
  await deliverDecision(db, app, decision);
  const updated = await getApplication(db, caller.tenantId, params.id);
  return json(200, caseworkerView(updated!));
});
