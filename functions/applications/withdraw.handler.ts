import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound } from '#core/problem';
import * as z from '#core/zod';
import { deliverWithdrawal } from './deliveries.ts';
import { BUSY, WITHDRAWABLE } from './model.ts';
import { applicationPathSchema } from './schemas.ts';
import { getApplication, requestWithdrawal } from './store.ts';

/**
 * POST /applications/{id}/withdraw — the applicant withdraws before the decision. The withdrawal is recorded (with a
 * pending-delivery mark) and the waiting workflow step is failed with `Withdrawn`; the workflow cancels an open
 * payment or refunds a paid fee and records `withdrawn`. Answers 202; repeating the request is harmless. A
 * withdrawal recorded but not delivered (a crash in between) is delivered by the repair schedule.
 */
const withdrawalSchema = <S extends string>(status: S) => z.object({ applicationId: z.string(), status: z.literal(status) });

export const handler = httpHandler({ audit: { record: 'application', action: 'update', id: 'param:id', subject: ['caller'] }, params: applicationPathSchema, responses: { 200: withdrawalSchema('withdrawn'), 202: withdrawalSchema('withdrawal-requested') } }, async ({ params, caller }) => {
  const db = tableFor(caller.tenantId);
  const app = await getApplication(db, caller.tenantId, params.id);
  if (!app || app.applicantId !== caller.userId) throw new NotFound('Der Antrag wurde nicht gefunden.');
  if (app.status === 'withdrawn') return json(200, { applicationId: app.applicationId, status: 'withdrawn' });
  if (BUSY.includes(app.status)) {
    throw new HttpProblem('conflict', 'Der Antrag wird gerade automatisch bearbeitet. Bitte versuchen Sie es in einigen Sekunden erneut.');
  }
  if (!WITHDRAWABLE.includes(app.status)) {
    throw new HttpProblem('conflict', 'Nach der Entscheidung kann der Antrag nicht mehr zurückgezogen werden.');
  }
  await requestWithdrawal(db, app, app.status, new Date());
  if (!(await deliverWithdrawal(db, app))) {
    // Nothing reached the workflow (the mark is taken back, or it would block the caseworker's decision).
    throw new HttpProblem('conflict', 'Der Antrag wird gerade automatisch bearbeitet. Bitte versuchen Sie es in einigen Sekunden erneut.');
  }
  return json(202, { applicationId: app.applicationId, status: 'withdrawal-requested' });
});
