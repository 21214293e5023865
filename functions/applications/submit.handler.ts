import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { crashPoint } from '#core/crash';
import { berlinDate } from '#core/dates';
import { tableFor } from '#core/ddb';
import { readItems } from '#core/item-reads';
import { httpHandler, json } from '#core/http';
import { logger } from '#core/logger';
import { sitePages } from '#core/site';
import { Conflict, HttpProblem, Unprocessable } from '#core/problem';
import * as z from '#core/zod';
import { claimUpload } from '#functions/documents/uploads';
import { newNotification } from '#functions/notifications/outbox';
import { assessForm, filerOf, isCounterFiling, offeredService } from '#functions/services/assessment';
import { meetsTrustLevel } from '#core/trust-level';
import { serviceById } from '#functions/services/catalog';
import { acceptingApplicationsRead, tenantConfigRead } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import { formatCaseNumber, formatEuro, newApplication, newApplicationId, requestHash } from './domain.ts';
import { submissionSchema } from './schemas.ts';
import { applicationViewSchema, viewFor } from './views.ts';
import { startWorkflow } from './executions.ts';
import { sendNow } from './notify.ts';
import type { Application } from './model.ts';
import {
  claimSubmission,
  createApplication,
  DuplicateSubmission,
  getApplication,
  getIdempotencyRecord,
  idempotencyRead,
  nextCaseSequence,
  releaseClaim,
  ReservationTaken,
  type IdempotencyRecord,
  type SubmissionClaim,
} from './store.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** A submission still in progress under the same key: its answer is awaited this long before the client retries. */
const WINNER_WAIT_MS = 10_000;

/**
 * POST /applications — submits an application for one of the tenant's online services. `Idempotency-Key` (required)
 * makes retries safe: the same key returns the application created first and never creates a second one; a retry
 * also starts the application's workflow if a crash kept the first request from starting it.
 * Caseworkers file at the counter (channel `counter`) for citizens without an online account.
 *
 * Writes, in this order (store.ts): the claim of the key — and of the value the service reserves, e.g. the plate —
 * which exactly one of concurrent duplicates wins; the case number (so only the winner takes one); the application
 * with its timeline and receipt. Then the workflow is started; if that fails, the repair schedule starts it.
 */
export const handler = httpHandler({ audit: { record: 'application', action: 'create', id: 'reply:applicationId', subject: ['reply:applicantId', 'caller'] }, body: submissionSchema, responses: { 200: applicationViewSchema, 201: applicationViewSchema } }, async ({ body, caller, headers }) => {
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
  const replaying = { db, tenantId: caller.tenantId, filedBy: caller.userId, key, hash, config, caller };
  if (earlier) {
    const existing = await replayRecord(replaying, earlier);
    if (existing) return json(200, existing);
    // Claimed, but no application yet: the first request is still at work — or died, and its claim has expired.
    if (!(earlier.claimExpiresAt !== undefined && earlier.claimExpiresAt < Date.now())) return json(200, await awaitWinner(replaying));
  }

  const service = offeredService(body.serviceId, config);
  if (!accepting) {
    throw new HttpProblem('conflict', 'Diese Verwaltung nimmt derzeit keine Online-Anträge an.');
  }
  const atCounter = isCounterFiling(caller);
  // A service that the law lets citizens file online only with a proven identity (e.g. § 23a BMG: eID, trust level
  // "hoch"); at the counter the caseworker has seen the identity card.
  const required = service.identification;
  if (required && !atCounter && !meetsTrustLevel(caller.trustLevel, required.trustLevel)) {
    throw new HttpProblem(
      'forbidden',
      `Für „${service.title}“ müssen Sie sich mit dem Vertrauensniveau „${required.trustLevel}“ (${required.legalBasis}) anmelden, ` +
        'also mit der Online-Ausweisfunktion Ihres Personalausweises oder elektronischen Aufenthaltstitels über die BundID. ' +
        'Ihre Anmeldung erreicht dieses Niveau nicht. Ohne Online-Ausweis stellen Sie den Antrag bitte im Bürgerbüro.',
    );
  }
  const now = new Date();
  const context = { tenantId: caller.tenantId, config, now, filer: filerOf(caller) };
  // Form, the service's checks and the fee, before anything is written.
  const { form, fee } = await assessForm(service, body.form, context);

  const applicantEmail = atCounter ? body.applicantEmail : caller.email;
  if (!atCounter && body.applicantEmail) {
    throw new HttpProblem('bad-request', 'applicantEmail ist nur bei Anträgen am Schalter erlaubt.', [{ field: 'body/applicantEmail', message: 'Nicht erlaubt.' }]);
  }

  const reserved = service.reservation;
  const supersedes = reserved?.supersedes?.(form);
  const claim: SubmissionClaim = {
    tenantId: caller.tenantId,
    filedBy: caller.userId,
    key,
    requestHash: hash,
    applicationId: newApplicationId(),
    now,
    today: berlinDate(now),
    ...(reserved ? { reservation: { value: reserved.value(form), ...(supersedes ? { supersedes } : {}) } } : {}),
  };
  try {
    await claimSubmission(db, claim);
  } catch (error) {
    if (error instanceof DuplicateSubmission) return json(200, await awaitWinner(replaying));
    if (error instanceof ReservationTaken) throw reserved!.refusal(error.held);
    throw error;
  }

  let app: Application;
  let receipt: ReturnType<typeof newNotification> | undefined;
  try {
    const documents = await Promise.all(
      (service.uploadsIn?.(form) ?? []).map((upload) =>
        // `linkedTo` the idempotency key: a retry of a submission that died after claiming re-links the same upload.
        claimUpload(db, { tenantId: caller.tenantId, uploadId: upload.uploadId, ownerId: caller.userId, expectedKinds: [upload.kind], linkedTo: key }),
      ),
    );
    const year = now.getUTCFullYear();
    const sequence = await nextCaseSequence(db, caller.tenantId, service.caseCode, year);
    app = newApplication({
      applicationId: claim.applicationId,
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
    receipt = applicantEmail
      ? newNotification({
          tenantId: caller.tenantId,
          to: applicantEmail,
          template: 'application-received',
          params: { caseNumber: app.caseNumber, serviceTitle: service.title, tenantName: config.displayName, statusUrl: sitePages.application(app.applicationId) },
          dedupeKey: `received#${app.applicationId}`,
          now,
        })
      : undefined;
    await createApplication(
      db,
      app,
      { key, ...(claim.reservation ? { reservationValue: claim.reservation.value } : {}) },
      [
        { at: app.createdAt, status: 'submitted', actor: caller.userId, note: atCounter ? 'Am Schalter aufgenommen' : 'Online eingereicht' },
        { at: app.createdAt, status: 'fee-computed', actor: 'system', note: `Gebühr: ${formatEuro(fee.amountCents)} (${fee.legalBasis})` },
      ],
      receipt,
      // The applicant's draft of the service is done with: discarded in the same write (not at the counter, where
      // the caseworker files for someone else).
      { discardDraft: !atCounter },
    );
  } catch (error) {
    // Our claim expired and a retry took it over: that retry's application is the answer.
    if (error instanceof DuplicateSubmission) return json(200, await awaitWinner(replaying));
    await releaseClaim(db, claim).catch((releaseError: Error) =>
      logger.warn('Could not release a submission claim; it expires', { tenantId: caller.tenantId, applicationId: claim.applicationId, errorName: releaseError.name }),
    );
    throw error;
  }
  await crashPoint('after-application-stored');
  // Written by the transaction above (it refuses an existing notification): pending, no need to read it back.
  if (receipt) await sendNow(db, caller.tenantId, receipt.notificationId, receipt);

  try {
    await startWorkflow(app, service.title, config);
  } catch (error) {
    // The application is stored: a retry of this request or the repair schedule starts its workflow.
    logger.error('Could not start the application workflow; the repair schedule will', { tenantId: app.tenantId, applicationId: app.applicationId, error: error as Error });
  }
  return json(201, viewFor(caller, app), { location: `/applications/${app.applicationId}` });
});

interface Replaying {
  db: DynamoDBDocumentClient;
  tenantId: string;
  filedBy: string;
  key: string;
  hash: string;
  config: TenantConfig;
  /** Whose answer it is: the applicant's or the caseworker's view of the application. */
  caller: Caller;
}

/** The answer of a concurrent submission with the same key, once its application is stored. */
async function awaitWinner(replaying: Replaying) {
  const deadline = Date.now() + WINNER_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    const record = await getIdempotencyRecord(replaying.db, replaying.tenantId, replaying.filedBy, replaying.key);
    const existing = record ? await replayRecord(replaying, record) : undefined;
    if (existing) return existing;
    if (Date.now() >= deadline) {
      throw new Conflict('Ein Antrag mit diesem Idempotency-Key wird gerade bearbeitet. Bitte senden Sie die Anfrage in einigen Sekunden erneut.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
  }
}

/**
 * The application of an idempotency record, if the request is the same; the same key with another request is
 * refused. An application still in `fee-computed` may have lost its workflow start (the first request died right
 * after storing it): starting it again is idempotent, so the replay does.
 */
async function replayRecord(replaying: Replaying, record: IdempotencyRecord) {
  if (record.requestHash !== replaying.hash) {
    throw new Unprocessable('Dieser Idempotency-Key wurde bereits für einen anderen Antrag verwendet.');
  }
  const app = await getApplication(replaying.db, replaying.tenantId, record.applicationId);
  if (!app) return undefined;
  if (app.status === 'fee-computed') {
    await startWorkflow(app, serviceById(app.serviceId)?.title ?? app.serviceId, replaying.config).catch((error: Error) =>
      logger.error('Could not start the application workflow on a replay', { tenantId: app.tenantId, applicationId: app.applicationId, errorName: error.name }),
    );
  }
  return viewFor(replaying.caller, app);
}
