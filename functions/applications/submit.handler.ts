import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '#core/config';
import { tableFor } from '#core/ddb';
import { readItems } from '#core/item-reads';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { HttpProblem, Unprocessable } from '#core/problem';
import { sfn } from '#core/sfn';
import { fieldErrors } from '#core/validation';
import * as z from '#core/zod';
import { claimUpload } from '#functions/documents/uploads';
import { newNotification } from '#functions/notifications/outbox';
import { serviceById } from '#functions/services/catalog';
import { acceptingApplicationsRead, tenantConfigRead } from '#functions/tenants/config';
import { formatCaseNumber, formatEuro, newApplication, requestHash } from './domain.ts';
import { paymentRequest } from './workflow/context.ts';
import { sendNow } from './notify.ts';
import type { Application } from './model.ts';
import {
  createApplication,
  DuplicateSubmission,
  getApplication,
  getIdempotencyRecord,
  idempotencyRead,
  nextCaseSequence,
  transition,
  type IdempotencyRecord,
} from './store.ts';
import { viewFor } from './views.ts';

const STATE_MACHINE_ARN = requireEnv('APPLICATIONS_STATE_MACHINE_ARN');

const bodySchema = z.strictObject({
  serviceId: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Unbekannter Dienst.')),
  form: z.record(z.string(), z.unknown()),
  /** Only caseworkers file at the counter; they name the citizen's e-mail for notifications if there is one. */
  applicantEmail: z.optional(z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' })),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * POST /applications — submits an application for one of the tenant's online services. `Idempotency-Key` (required)
 * makes retries safe: the same key returns the application created first and never creates a second one.
 * Caseworkers file at the counter (channel `counter`) for citizens without an online account.
 */
export const handler = httpHandler({ body: bodySchema }, async ({ body, caller, headers }) => {
  const key = headers['idempotency-key'];
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new HttpProblem('bad-request', 'Bitte einen Header Idempotency-Key (8–100 Zeichen: Buchstaben, Ziffern, - oder _) mitsenden.', [
      { field: 'header/idempotency-key', message: 'Fehlt oder ist ungültig.' },
    ]);
  }
  const db = tableFor(caller.tenantId);
  const hash = requestHash(body);
  // One call for what the submission checks first: an earlier request with this key, the configuration, the status.
  const [earlier, config, accepting] = await readItems(db, [
    idempotencyRead(caller.tenantId, caller.userId, key),
    tenantConfigRead(caller.tenantId),
    acceptingApplicationsRead(caller.tenantId),
  ]);
  if (earlier) {
    const existing = await replayRecord(db, caller.tenantId, earlier, hash);
    if (existing) return json(200, viewFor(caller, existing));
  }

  const service = serviceById(body.serviceId);
  if (!service || !config.enabledServices.includes(body.serviceId)) {
    throw new Unprocessable(`Der Dienst „${body.serviceId}“ wird von Ihrer Verwaltung nicht online angeboten.`);
  }
  if (!accepting) {
    throw new HttpProblem('conflict', 'Diese Verwaltung nimmt derzeit keine Online-Anträge an.');
  }
  const parsed = z.safeParse(service.formSchema, body.form);
  if (!parsed.success) {
    throw new HttpProblem('bad-request', 'Das Antragsformular enthält ungültige oder unbekannte Felder.', fieldErrors(parsed.error, 'body/form'));
  }
  const form = parsed.data as Record<string, unknown>;
  const now = new Date();
  const context = { tenantId: caller.tenantId, config, now };
  await service.assess(form, context);
  // The fee from the tenant's versioned schedule, before a case number is taken: a tenant without one gets a 422.
  const fee = service.feeFor(form, context);

  const atCounter = caller.roles.includes('caseworker') && !caller.roles.includes('citizen') && !caller.roles.includes('business');
  const applicantEmail = atCounter ? body.applicantEmail : caller.email;
  if (!atCounter && body.applicantEmail) {
    throw new HttpProblem('bad-request', 'applicantEmail ist nur bei Anträgen am Schalter erlaubt.', [{ field: 'body/applicantEmail', message: 'Nicht erlaubt.' }]);
  }

  let documents: Application['documents'];
  try {
    documents = await Promise.all(
      (service.uploadsIn?.(form) ?? []).map((upload) =>
        // `linkedTo` the idempotency key: a retry of a submission that failed after claiming re-links the same upload.
        claimUpload(db, { tenantId: caller.tenantId, uploadId: upload.uploadId, ownerId: caller.userId, expectedKinds: [upload.kind], linkedTo: key }),
      ),
    );
  } catch (error) {
    // A concurrent duplicate may have claimed the upload first: then its application is the answer.
    const winner = await replay(db, caller.tenantId, caller.userId, key, hash, 10);
    if (winner) return json(200, viewFor(caller, winner));
    throw error;
  }

  const year = now.getUTCFullYear();
  const sequence = await nextCaseSequence(db, caller.tenantId, service.caseCode, year);
  const app = newApplication({
    tenantId: caller.tenantId,
    serviceId: service.id,
    caseNumber: formatCaseNumber(config.caseNumberPrefix, service.caseCode, year, sequence),
    channel: atCounter ? 'counter' : 'online',
    applicantId: atCounter ? `counter:${caller.userId}:${sequence}` : caller.userId,
    ...(applicantEmail ? { applicantEmail } : {}),
    filedBy: caller.userId,
    form,
    documents,
    fee,
    now,
  });
  const receipt = applicantEmail
    ? newNotification({
        tenantId: caller.tenantId,
        to: applicantEmail,
        template: 'application-received',
        params: { caseNumber: app.caseNumber, serviceTitle: service.title, tenantName: config.displayName },
        dedupeKey: `received#${app.applicationId}`,
        now,
      })
    : undefined;
  try {
    await createApplication(
      db,
      app,
      { key, requestHash: hash },
      [
        { at: app.createdAt, status: 'submitted', actor: caller.userId, note: atCounter ? 'Am Schalter aufgenommen' : 'Online eingereicht' },
        { at: app.createdAt, status: 'fee-computed', actor: 'system', note: `Gebühr: ${formatEuro(fee.amountCents)} (${fee.legalBasis})` },
      ],
      receipt,
    );
  } catch (error) {
    if (!(error instanceof DuplicateSubmission)) throw error;
    const winner = await replay(db, caller.tenantId, caller.userId, key, hash, 10);
    if (winner) return json(200, viewFor(caller, winner));
    throw error;
  }
  // Written by the transaction above (it refuses an existing notification): pending, no need to read it back.
  if (receipt) await sendNow(db, caller.tenantId, receipt.notificationId, receipt);

  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: app.applicationId,
        // Ids and the payment terms; no personal data in the execution history.
        input: JSON.stringify({ tenantId: app.tenantId, applicationId: app.applicationId, fee: paymentRequest(app, service.title, config) }),
      }),
    );
  } catch (error) {
    logger.error('Could not start the application workflow', { tenantId: app.tenantId, applicationId: app.applicationId, error: error as Error });
    await transition(db, app, {
      from: ['fee-computed'],
      to: 'failed',
      actor: 'system',
      now: new Date(),
      note: 'Der Bearbeitungsablauf konnte nicht gestartet werden.',
      set: { failureReason: 'Der Antrag konnte nicht in die Bearbeitung übernommen werden. Es wurde nichts bezahlt.' },
    });
    throw error;
  }
  return json(201, viewFor(caller, app), { location: `/applications/${app.applicationId}` });
});

/**
 * The application an earlier request with the same key created. The same key with a different request is refused.
 * `attempts` > 1 waits for a concurrent winner whose transaction has not committed yet.
 */
async function replay(db: DynamoDBDocumentClient, tenantId: string, filedBy: string, key: string, hash: string, attempts: number) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const record = await getIdempotencyRecord(db, tenantId, filedBy, key);
    const existing = record ? await replayRecord(db, tenantId, record, hash) : undefined;
    if (existing) return existing;
    if (attempt + 1 < attempts) await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
  }
  return undefined;
}

/** The application of an idempotency record, if the request is the same; the same key with another request is refused. */
async function replayRecord(db: DynamoDBDocumentClient, tenantId: string, record: IdempotencyRecord, hash: string) {
  if (record.requestHash !== hash) {
    throw new Unprocessable('Dieser Idempotency-Key wurde bereits für einen anderen Antrag verwendet.');
  }
  const app = await getApplication(db, tenantId, record.applicationId);
  return app;
}
