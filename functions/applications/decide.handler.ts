import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { HttpProblem, NotFound } from '#core/problem';
import { sfn } from '#core/sfn';
import type { Decision } from './model.ts';
import { applicationPathSchema, decisionSchema } from './schemas.ts';
import { ApplicationStateConflict, getApplication, markDecisionDelivered, transition } from './store.ts';
import { caseworkerView } from './views.ts';

/**
 * POST /applications/{id}/decision — approve or reject an application that awaits a decision.
 * The decision is recorded once (a condition on the status and on no decision yet) and then handed to the waiting
 * workflow. Sent twice, the same decision answers 200 again and is delivered at most once; a different decision, or
 * any decision in another state, is a 409.
 */
export const handler = httpHandler({ params: applicationPathSchema, body: decisionSchema }, async ({ params, body, caller }) => {
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
    });
  } catch (error) {
    if (!(error instanceof ApplicationStateConflict)) throw error;
    // Read again: an identical request sent at the same time may have recorded the decision after our first read.
    const current = (await getApplication(db, caller.tenantId, params.id)) ?? app;
    const recorded = current.decision;
    const same = recorded && recorded.outcome === body.outcome && recorded.by === caller.userId;
    if (!same) throw new HttpProblem('conflict', 'Über diesen Antrag kann gerade nicht entschieden werden: Er wartet nicht (mehr) auf eine Entscheidung.');
    if (!current.decisionDelivered) await deliver(db, caller.tenantId, current, recorded);
    return json(200, caseworkerView(current));
  }
  await deliver(db, caller.tenantId, app, decision);
  const updated = await getApplication(db, caller.tenantId, params.id);
  return json(200, caseworkerView(updated!));
});

/** Hands the decision to the waiting workflow; an already closed token means it was delivered before. */
async function deliver(db: ReturnType<typeof tableFor>, tenantId: string, app: { applicationId: string; decisionTaskToken?: unknown }, decision: Decision) {
  const token = typeof app.decisionTaskToken === 'string' ? app.decisionTaskToken : undefined;
  if (!token) {
    logger.error('No decision task token on an application awaiting a decision', { tenantId, applicationId: app.applicationId });
    return;
  }
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: decision.outcome, reason: decision.reason ?? null }) }));
  } catch (error) {
    if (!['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'].includes((error as Error).name)) throw error;
  }
  await markDecisionDelivered(db, tenantId, app.applicationId);
}
