import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { Conflict, Unprocessable } from '#core/problem';
import * as z from '#core/zod';
import { applicationFor } from '#functions/applications/access';
import type { Application } from '#functions/applications/model';
import { tenantConfig } from '#functions/tenants/config';
import type { AnyBusinessForm, FormKind } from '../forms.ts';
import { SERVICE_IDS } from '../descriptor.ts';
import { noticeContext } from '../notice.ts';
import { CURRENT_SETUP, attemptDelivery } from './deliver.ts';
import { endpointFor } from './directory.ts';
import { recipientRule } from './matrix.ts';
import { deliverySummary } from './model.ts';
import { newNoticeDelivery } from './plan.ts';
import { getDelivery, putDelivery } from './store.ts';
import { deliverySummarySchema } from './views.ts';

const bodySchema = z.strictObject({
  applicationId: z.uuid({ error: 'Die Antrags-ID ist ungültig.' }),
  recipientId: z.string({ error: 'Bitte den Empfänger angeben.' }).check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Ungültige Empfänger-ID.')),
  note: z.optional(z.string().check(z.trim(), z.minLength(10, 'Bitte begründen Sie die Weiterleitung (mindestens 10 Zeichen).'), z.maxLength(1000))),
});

const FORM_NAMES: Record<FormKind, string> = { GewA1: 'Gewerbe-Anmeldung', GewA2: 'Gewerbe-Ummeldung', GewA3: 'Gewerbe-Abmeldung' };
const KIND_OF_SERVICE = Object.fromEntries(Object.entries(SERVICE_IDS).map(([kind, id]) => [id, kind as FormKind])) as Record<string, FormKind>;
const ACCEPTED = ['documents-issued', 'completed'];

/**
 * POST /business/deliveries — a caseworker forwards an accepted Gewerbeanzeige to one recipient of the matrix, e.g.
 * to the customs administration when there are indications of illegal employment (§ 3 Abs. 3 GewAnzV; the note
 * records them). The message holds only the fields the matrix allows for that recipient. A recipient that is not in
 * the matrix, gets nothing from this form, waived delivery, or is not configured for the tenant is refused (422);
 * forwarding the same notice to the same recipient again answers with the existing delivery (use resend for that).
 */
export const handler = httpHandler({ audit: { record: 'business-delivery', action: 'create', id: 'reply:deliveryId' }, body: bodySchema, responses: { 200: deliverySummarySchema, 201: deliverySummarySchema } }, async ({ body, caller }) => {
  const db = tableFor(caller.tenantId);
  const application = (await applicationFor(caller, body.applicationId)) as unknown as Application<AnyBusinessForm>;
  const kind = KIND_OF_SERVICE[application.serviceId];
  if (!kind) throw new Unprocessable('Nur Gewerbeanzeigen werden nach § 3 GewAnzV weitergeleitet.', [{ field: 'body/applicationId', message: 'Keine Gewerbeanzeige.' }]);
  if (!ACCEPTED.includes(application.status)) {
    throw new Conflict('Die Gewerbeanzeige ist noch nicht angenommen; sie wird erst nach der Empfangsbescheinigung weitergeleitet.');
  }
  const { matrix, directory } = CURRENT_SETUP;
  const recipient = recipientRule(matrix, body.recipientId);
  if (!recipient) {
    throw new Unprocessable(`Den Empfänger „${body.recipientId}“ gibt es in der Weiterleitungsmatrix ${matrix.version} nicht.`, [
      { field: 'body/recipientId', message: `Bekannte Empfänger: ${matrix.recipients.map((rule) => rule.id).join(', ')}.` },
    ]);
  }
  if (!recipient.forms[kind]) {
    throw new Unprocessable(`${recipient.name} erhält nach ${recipient.legalBasis} keine Daten aus der ${FORM_NAMES[kind]}.`, [
      { field: 'body/recipientId', message: 'Für diese Anzeige nicht empfangsberechtigt.' },
    ]);
  }
  if (recipient.schedule === 'monthly-batch') {
    throw new Unprocessable(`${recipient.name} erhält die Anzeigen gesammelt im Monatspaket; eine einzelne Weiterleitung ist nicht vorgesehen.`, [
      { field: 'body/recipientId', message: 'Nur im Monatspaket.' },
    ]);
  }
  const endpoint = endpointFor(directory, caller.tenantId, recipient.id);
  if (!endpoint) {
    throw new Unprocessable(`${recipient.name} ist für Ihre Verwaltung nicht im Empfängerverzeichnis konfiguriert; die Anzeige kann nicht dorthin übermittelt werden.`, [
      { field: 'body/recipientId', message: 'Empfänger nicht konfiguriert.' },
    ]);
  }
  if (endpoint.waived) {
    throw new Unprocessable(`${endpoint.name} hat auf die Übermittlung verzichtet (§ 3 Abs. 1 GewAnzV).`, [{ field: 'body/recipientId', message: 'Verzicht erklärt.' }]);
  }
  if (recipient.trigger === 'on-indication' && !body.note) {
    throw new Unprocessable(`Eine Weiterleitung an ${recipient.name} setzt Anhaltspunkte voraus (${recipient.legalBasis}); bitte beschreiben Sie sie.`, [
      { field: 'body/note', message: 'Bitte die Anhaltspunkte beschreiben.' },
    ]);
  }
  const now = new Date();
  const config = await tenantConfig(db, caller.tenantId);
  const notice = noticeContext(kind, application, { tenantId: caller.tenantId, config, now });
  const delivery = newNoticeDelivery(matrix, recipient, notice, endpoint, { createdBy: caller.userId, ...(body.note ? { note: body.note } : {}) });
  if ((await putDelivery(db, delivery)) === 'exists') {
    const existing = await getDelivery(db, caller.tenantId, delivery.deliveryId);
    return json(200, deliverySummary(existing!));
  }
  await attemptDelivery(db, caller.tenantId, delivery.deliveryId, now, CURRENT_SETUP);
  logger.info('Gewerbeanzeige forwarded by a caseworker', { tenantId: caller.tenantId, deliveryId: delivery.deliveryId, recipientId: recipient.id, by: caller.userId });
  const stored = await getDelivery(db, caller.tenantId, delivery.deliveryId);
  return json(201, deliverySummary(stored!), { location: `/business/deliveries?applicationId=${application.applicationId}` });
});
