import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { HttpProblem, NotFound, Unprocessable } from '#core/problem';
import * as z from '#core/zod';
import { applicationFor } from '#functions/applications/access';
import type { AddressChangeForm } from './form.ts';
import { zb1NumberSchema } from './schemas.ts';
import { currentStatuses, mayCorrectZb1, SERVICE_ID } from './handover.ts';
import { mirrorsOf, publishedStatusesFor, recordCorrection, refreshMirror } from './store.ts';

const pathSchema = z.strictObject({
  id: z.uuid({ error: 'Die Antrags-ID ist ungültig.' }),
  handoverId: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'Die Kennung der Weitergabe ist ungültig.')),
});
const bodySchema = z.strictObject({ zb1Number: zb1NumberSchema });
const correctionSchema = z.object({
  applicationId: z.string(),
  handoverId: z.string(),
  plate: z.string(),
  status: z.literal('correction-sent'),
  statusLabel: z.string(),
  correctionSentAt: z.string(),
});

/**
 * POST /address-change/{id}/handovers/{handoverId}/zb1-number — the applicant sends the corrected number of the
 * Zulassungsbescheinigung Teil I after the Zulassungsstelle failed the vehicle's task asking for it. Only the
 * applicant, only while that failure stands, once per failure. Written on the municipality's own record of the
 * handover; the county takes it up — reopens its task with the corrected number — when it next looks at its tasks.
 */
export const handler = httpHandler({ audit: { record: 'vehicle-handover', action: 'update', id: 'param:handoverId', subject: ['caller'] }, params: pathSchema, body: bodySchema, responses: { 202: correctionSchema } }, async ({ params, body, caller }) => {
  const app = await applicationFor(caller, params.id);
  if (app.serviceId !== SERVICE_ID || app.applicantId !== caller.userId) throw new NotFound('Der Antrag wurde nicht gefunden.');
  const db = tableFor(caller.tenantId);
  const mirror = (await mirrorsOf(db, caller.tenantId, app.applicationId)).find((candidate) => candidate.handoverId === params.handoverId);
  if (!mirror) throw new NotFound('Zu diesem Antrag gibt es keine solche Weitergabe an die Zulassungsstelle.');
  const published = await publishedStatusesFor(db, caller.tenantId, app.caseNumber, [mirror]);
  const current = currentStatuses([mirror], published, caller.tenantId, app.caseNumber)[0]!;
  if (!mayCorrectZb1(current)) {
    throw new HttpProblem(
      'conflict',
      current.correction?.failureAt === current.updatedAt
        ? 'Sie haben die korrigierte Nummer bereits gesendet; die Zulassungsstelle bearbeitet den Auftrag erneut.'
        : 'Die Nummer kann nur korrigiert werden, wenn die Zulassungsstelle Sie darum gebeten hat.',
    );
  }
  const previous = current.correction?.zb1Number ?? (app.form as AddressChangeForm).vehicles.find((vehicle) => vehicle.plate === mirror.plate)?.zb1Number;
  if (body.zb1Number === previous) {
    throw new Unprocessable('Das ist die Nummer, die die Zulassungsstelle nicht zuordnen konnte.', [
      { field: 'body/zb1Number', message: 'Bitte geben Sie die korrigierte Nummer an.' },
    ]);
  }
  if (current.updatedAt !== mirror.updatedAt) await refreshMirror(db, caller.tenantId, current);
  const at = new Date().toISOString();
  await recordCorrection(db, caller.tenantId, mirror, { zb1Number: body.zb1Number, at, failureAt: current.updatedAt });
  return json(202, {
    applicationId: app.applicationId,
    handoverId: mirror.handoverId,
    plate: mirror.plate,
    status: 'correction-sent',
    statusLabel: 'Korrigierte Nummer übermittelt – die Zulassungsstelle bearbeitet den Auftrag erneut',
    correctionSentAt: at,
  });
});
