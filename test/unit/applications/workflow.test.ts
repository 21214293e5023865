import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notificationId } from '../../../functions/notifications/outbox.ts';
import { testContext } from '../../support/events.ts';
import {
  APP_ID,
  NOW,
  TENANT,
  appKey,
  bulkyWaste,
  issueBulkyWasteDocuments,
  givenApplication,
  givenTenant,
  issuedDocument,
  resetBulkyWaste,
  setValue,
  storedApplication,
  tenantConfig,
  transactItems,
  transactionCancelled,
  transitionUpdate,
} from './support.ts';

vi.mock('#functions/services/catalog', async () => (await import('./support.ts')).catalogModule());
vi.mock('#functions/services/descriptors', async () => (await import('./support.ts')).descriptorsModule());
vi.mock('#functions/services/issuers', async () => (await import('./support.ts')).issuersModule());
// As in AWS: the lifecycle steps have no whole-table rights, only sessions of the application's tenant.
vi.mock('#core/ddb', async (original) => (await import('../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const { handler: transitionStep } = await import('../../../functions/applications/workflow/transition.handler.ts');
const { handler: runChecks } = await import('../../../functions/applications/workflow/run-checks.handler.ts');
const { handler: awaitDecision } = await import('../../../functions/applications/workflow/await-decision.handler.ts');
const { handler: issueDocuments } = await import('../../../functions/applications/workflow/issue-documents.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const ids = { tenantId: TENANT, applicationId: APP_ID };
const REASON = 'Die Adresse liegt außerhalb des Abholgebiets.';
const fee = { feeKey: 'pickup', amountCents: 2500, currency: 'EUR' as const, legalBasis: 'Abfallgebührensatzung 2026', scheduleValidFrom: '2026-01-01' };

/** The outbox reads back the notification the last transaction wrote (its last item). */
function givenOutboxReadsBack() {
  ddb.on(GetCommand, { Key: { SK: 'NOTIFICATION' } }).callsFake(() => {
    const items = transactItems(ddb, ddb.commandCalls(TransactWriteCommand).length - 1);
    return { Item: items[items.length - 1]!.Put!.Item };
  });
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  resetBulkyWaste();
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  givenTenant(ddb);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the lifecycle steps', () => {
  it('fail an unknown application with ApplicationNotFound, which the workflow does not retry', async () => {
    await expect(runChecks(ids, testContext)).rejects.toMatchObject({ name: 'ApplicationNotFound' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('fail an application of a service that no registry knows with ApplicationNotFound, in every step', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', serviceId: 'constructor' }));
    const steps = [
      () => runChecks(ids, testContext),
      () => awaitDecision({ ...ids, taskToken: 'token-xyz' }, testContext),
      () => transitionStep({ ...ids, from: ['approved'], to: 'completed' }, testContext),
      () => issueDocuments(ids, testContext),
    ];
    for (const step of steps) {
      await expect(step()).rejects.toMatchObject({ name: 'ApplicationNotFound', message: 'Service constructor is not in the catalog' });
    }
    expect(bulkyWaste.runChecks).not.toHaveBeenCalled();
    expect(issueBulkyWasteDocuments).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuse malformed input with InvalidTaskInput', async () => {
    await expect(runChecks({ tenantId: TENANT, applicationId: 'not-a-uuid' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    await expect(transitionStep({ ...ids, from: ['submitted'], to: 'done' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    await expect(awaitDecision(ids, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('read the application with a consistent read from the system table', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed' }));
    await runChecks(ids, testContext);
    expect(ddb.commandCalls(GetCommand, { Key: appKey() })[0]!.args[0].input.ConsistentRead).toBe(true);
  });
});

describe('the transition step', () => {
  it('writes the notification in the same transaction as the status change, then sends it at once', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed', fee }));
    givenOutboxReadsBack();
    const result = await transitionStep(
      { ...ids, from: ['fee-computed'], to: 'awaiting-payment', notify: 'payment-requested', payment: { paymentId: 'pay-1', status: 'INITIAL', checkoutUrl: 'https://pay.example/c/1' } },
      testContext,
    );

    expect(result).toEqual({ status: 'awaiting-payment' });
    const [update, event, notification, ...rest] = transactItems(ddb);
    expect(rest).toEqual([]);
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':from0': 'fee-computed', ':to': 'awaiting-payment', ':gsi2pk': `${TENANT}#INBOX#awaiting-payment` });
    expect(setValue(update!.Update!, 'payment')).toEqual({ paymentId: 'pay-1', status: 'INITIAL', checkoutUrl: 'https://pay.example/c/1' });
    expect(event!.Put!.Item).toMatchObject({ status: 'awaiting-payment', actor: 'system' });
    const id = notificationId(`payment-requested#${APP_ID}`);
    expect(notification!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `${TENANT}#NOTIFICATION#${id}`, notificationId: id, template: 'payment-requested', to: 'erika@example.test', status: 'pending' },
    });
    const text = String(notification!.Put!.Item!.body).replace(/\s/g, ' ');
    expect(text).toContain('25,00 €');
    expect(text).toContain('https://pay.example/c/1');
    // Payment deadline: 72 hours from now, in Berlin time.
    expect(text).toContain('13. März 2026 um 11:00');

    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.calledBefore(sent[0]!)).toBe(true);
  });

  it('keeps the known payment details when a later step only updates the status', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-payment', payment: { paymentId: 'pay-1', status: 'INITIAL', checkoutUrl: 'https://pay.example/c/1' } }));
    await transitionStep({ ...ids, from: ['awaiting-payment'], to: 'paid', payment: { paymentId: 'pay-1', status: 'BOOKED', transactionReference: 'KZ-4711' } }, testContext);
    expect(setValue(transitionUpdate(ddb), 'payment')).toEqual({ paymentId: 'pay-1', status: 'BOOKED', checkoutUrl: 'https://pay.example/c/1', transactionReference: 'KZ-4711' });
    expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe('Zahlung eingegangen, Kassenzeichen KZ-4711');
  });

  it('records a refund into the payment and the timeline', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-decision', payment: { paymentId: 'pay-1', status: 'BOOKED' } }));
    await transitionStep(
      { ...ids, from: ['awaiting-decision'], to: 'withdrawn', notify: 'application-withdrawn', refund: { status: 'REFUNDED', reference: 'R-77' } },
      testContext,
    );
    expect(setValue(transitionUpdate(ddb), 'payment')).toEqual({ paymentId: 'pay-1', status: 'BOOKED', refund: { status: 'REFUNDED', reference: 'R-77', at: NOW.toISOString() } });
    expect(transactItems(ddb)[1]!.Put!.Item).toMatchObject({ status: 'withdrawn', note: 'Gebühr erstattet (R-77)' });
    expect(transactItems(ddb)[2]!.Put!.Item).toMatchObject({ template: 'application-withdrawn' });
  });

  it('notes a refund that the cash office still has to make, and ignores a refund of nothing paid', async () => {
    givenApplication(ddb, storedApplication({ status: 'rejected', payment: { paymentId: 'pay-1', status: 'BOOKED' } }));
    await transitionStep({ ...ids, from: ['rejected'], to: 'rejected', refund: { status: 'REFUND_REQUESTED', reference: null } }, testContext);
    expect(setValue(transitionUpdate(ddb, 0), 'payment')).toMatchObject({ refund: { status: 'REFUND_REQUESTED', reference: '' } });
    expect(transactItems(ddb, 0)[1]!.Put!.Item!.note).toBe('Erstattung bei der Stadtkasse beantragt');

    givenApplication(ddb, storedApplication({ status: 'awaiting-decision' }));
    await transitionStep({ ...ids, from: ['awaiting-decision'], to: 'withdrawn', refund: { status: 'NOT_PAID' } }, testContext);
    expect(setValue(transitionUpdate(ddb, 1), 'payment')).toBeUndefined();
  });

  it("tells the applicant the caseworker's reason for a rejection", async () => {
    givenApplication(
      ddb,
      storedApplication({ status: 'rejected', decision: { outcome: 'reject', reason: REASON, by: 'caseworker-1', at: NOW.toISOString(), automatic: false } }),
    );
    await transitionStep({ ...ids, from: ['rejected'], to: 'rejected', notify: 'application-rejected' }, testContext);
    expect(transactItems(ddb)[2]!.Put!.Item!.body).toContain(`Begründung: ${REASON}`);
  });

  it('records an automatic approval as a decision of the system', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed' }));
    await transitionStep({ ...ids, from: ['checks-passed'], to: 'approved', autoApprove: true }, testContext);
    expect(setValue(transitionUpdate(ddb), 'decision')).toEqual({ outcome: 'approve', by: 'system', at: NOW.toISOString(), automatic: true });
    expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe('Automatisch zugesagt: alle Angaben vollständig');
  });

  it('writes no notification for an applicant without an e-mail address', async () => {
    givenApplication(ddb, storedApplication({ status: 'documents-issued', applicantEmail: undefined }));
    await transitionStep({ ...ids, from: ['documents-issued'], to: 'completed', notify: 'application-approved' }, testContext);
    // The application, its timeline entry and the retention marker of the final status; nothing else.
    expect(transactItems(ddb).map((item) => String(item.Update?.Key?.PK ?? item.Put?.Item?.PK).split('#')[1])).toEqual(['APP', 'APP', 'RETENTION']);
    expect(ses.calls()).toHaveLength(0);
  });

  it('is a no-op when retried after its first attempt committed (the application is already in the target state)', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-payment' }));
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0, 2]));
    const result = await transitionStep({ ...ids, from: ['fee-computed'], to: 'awaiting-payment', notify: 'payment-requested', payment: { paymentId: 'pay-1' } }, testContext);
    expect(result).toEqual({ status: 'awaiting-payment' });
    expect(ses.calls()).toHaveLength(0);
  });

  it('is a no-op when a status-keeping step (rejected → rejected) is retried after it committed', async () => {
    givenApplication(ddb, storedApplication({ status: 'rejected', applicantEmail: 'b@example.org' }));
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [2]));
    const receipt = notificationId(`application-rejected#${APP_ID}`);
    ddb.on(GetCommand, { Key: { PK: `${TENANT}#NOTIFICATION#${receipt}`, SK: 'NOTIFICATION' } }).resolves({ Item: { notificationId: receipt } });
    const result = await transitionStep({ ...ids, from: ['rejected'], to: 'rejected', notify: 'application-rejected' }, testContext);
    expect(result).toEqual({ status: 'rejected' });
  });

  it('rethrows when a status-keeping step conflicts but its first attempt never committed', async () => {
    givenApplication(ddb, storedApplication({ status: 'rejected', applicantEmail: 'b@example.org' }));
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    await expect(transitionStep({ ...ids, from: ['rejected'], to: 'rejected', notify: 'application-rejected' }, testContext)).rejects.toMatchObject({
      name: 'ApplicationStateConflict',
    });
  });

  it('rethrows ApplicationStateConflict when the application is in any other state', async () => {
    givenApplication(ddb, storedApplication({ status: 'withdrawn' }));
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    await expect(
      transitionStep({ ...ids, from: ['fee-computed'], to: 'awaiting-payment', notify: 'payment-requested', payment: { paymentId: 'pay-1' } }, testContext),
    ).rejects.toMatchObject({ name: 'ApplicationStateConflict' });
    expect(ses.calls()).toHaveLength(0);
  });

  it('rethrows errors that are not conflicts', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed' }));
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(transitionStep({ ...ids, from: ['fee-computed'], to: 'awaiting-payment' }, testContext)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });

  describe('a failed application', () => {
    const internals = /arn:aws|\/var\/task|at Object|secret|stack|Exception:/i;
    const fail = async (error?: { Error: string; Cause?: string | null }) => {
      givenApplication(ddb, storedApplication({ status: 'awaiting-decision', payment: { paymentId: 'pay-1', status: 'BOOKED' } }));
      await transitionStep({ ...ids, from: ['awaiting-decision'], to: 'failed', notify: 'application-failed', ...(error ? { error } : {}) }, testContext);
      const reason = setValue(transitionUpdate(ddb), 'failureReason') as string;
      expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe(reason);
      return reason;
    };

    it('explains a timeout in German and promises the refund', async () => {
      expect(await fail({ Error: 'States.Timeout', Cause: null })).toBe(
        'Der Antrag wurde nicht fristgerecht bearbeitet. Eine bereits bezahlte Gebühr wird erstattet.',
      );
    });

    it('has a German reason when the error is unknown', async () => {
      expect(await fail()).toBe('Der Antrag konnte nicht abgeschlossen werden. Eine bereits bezahlte Gebühr wird erstattet.');
    });

    it('never shows the technical cause of the error', async () => {
      const reason = await fail({
        Error: 'Lambda.Unknown',
        Cause: 'Error: connect ECONNREFUSED secret-table arn:aws:lambda:eu-central-1:123:function:x\n    at Object.<anonymous> (/var/task/index.mjs:1:1)',
      });
      expect(reason).toMatch(/^Bei der Bearbeitung ist ein technischer Fehler aufgetreten/);
      expect(reason).toContain('Eine bereits bezahlte Gebühr wird erstattet.');
      expect(reason).not.toMatch(internals);
      expect(reason).not.toContain('ECONNREFUSED');
      const notification = transactItems(ddb)[2]!.Put!.Item!;
      expect(`${notification.subject} ${notification.body}`).not.toMatch(internals);
    });
  });
});

describe('run checks', () => {
  const findings = [
    { code: 'large-items', message: 'Mehr als 5 Teile', severity: 'review' as const },
    { code: 'known-address', message: 'Adresse bekannt', severity: 'info' as const },
  ];
  const paid = { payment: { paymentId: 'pay-1' }, paymentResult: { transactionReference: 'K-2026-1' } };

  it('records the payment and the findings in one write, and stops for review at checks-passed', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-payment', payment: { paymentId: 'pay-1', status: 'INITIAL', checkoutUrl: 'https://pay/1' } }));
    bulkyWaste.runChecks.mockResolvedValue({ decision: 'review', findings });
    const result = await runChecks({ ...ids, ...paid, fee: { amountCents: 2500 } }, testContext);

    expect(result).toEqual({ decision: 'review', findings: 2 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from0': 'awaiting-payment', ':from1': 'paid', ':from2': 'fee-computed', ':to': 'checks-passed' });
    expect(setValue(update, 'findings')).toEqual(findings);
    expect(setValue(update, 'payment')).toEqual({ paymentId: 'pay-1', status: 'BOOKED', checkoutUrl: 'https://pay/1', transactionReference: 'K-2026-1' });
    expect(setValue(update, 'decision')).toBeUndefined();
    const entries = transactItems(ddb).slice(1).map((item) => item.Put!.Item!);
    expect(entries.map((entry) => [entry.status, entry.note])).toEqual([
      ['paid', 'Zahlung eingegangen, Kassenzeichen K-2026-1'],
      ['checks-passed', '1 Punkt(e) zur Prüfung durch die Sachbearbeitung'],
    ]);
    // Written at the same moment, the entries still sort in order.
    expect(String(entries[0]!.SK) < String(entries[1]!.SK)).toBe(true);
  });

  it('approves automatically when nothing needs a human: paid → checks-passed → approved in one write', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-payment', payment: { paymentId: 'pay-1', status: 'INITIAL' } }));
    const result = await runChecks({ ...ids, ...paid }, testContext);

    expect(result).toEqual({ decision: 'approve', findings: 0 });
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'approved', ':gsi2pk': `${TENANT}#INBOX#approved` });
    expect(setValue(update, 'decision')).toEqual({ outcome: 'approve', by: 'system', at: NOW.toISOString(), automatic: true });
    expect(transactItems(ddb).slice(1).map((item) => item.Put!.Item!.status)).toEqual(['paid', 'checks-passed', 'approved']);
  });

  it('records no payment for a free service (from fee-computed)', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed' }));
    await runChecks(ids, testContext);
    const update = transitionUpdate(ddb);
    expect(setValue(update, 'payment')).toBeUndefined();
    expect(transactItems(ddb).slice(1).map((item) => item.Put!.Item!.status)).toEqual(['checks-passed', 'approved']);
  });

  it('on a retry after the checks were recorded, answers the outcome again and writes nothing', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed', findings }));
    expect(await runChecks({ ...ids, ...paid }, testContext)).toEqual({ decision: 'review', findings: 2 });
    givenApplication(ddb, storedApplication({ status: 'approved' }));
    expect(await runChecks({ ...ids, ...paid }, testContext)).toEqual({ decision: 'approve', findings: 0 });
    expect(bulkyWaste.runChecks).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('await decision', () => {
  it('stores the task token, enters the caseworker inbox and tells the applicant — in one transaction', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed' }));
    givenOutboxReadsBack();
    const result = await awaitDecision({ ...ids, taskToken: 'token-xyz' }, testContext);

    expect(result).toEqual({ waiting: true });
    const [update, event, notification] = transactItems(ddb);
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':from0': 'checks-passed', ':to': 'awaiting-decision', ':gsi2pk': `${TENANT}#INBOX#awaiting-decision` });
    expect(setValue(update!.Update!, 'decisionTaskToken')).toBe('token-xyz');
    expect(event!.Put!.Item).toMatchObject({ status: 'awaiting-decision', note: 'Wartet auf die Entscheidung der Sachbearbeitung' });
    expect(notification!.Put!.Item).toMatchObject({ template: 'decision-pending', notificationId: notificationId(`decision-pending#${APP_ID}`) });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('waits without a notification when the applicant has no e-mail address', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed', applicantEmail: undefined }));
    await awaitDecision({ ...ids, taskToken: 'token-xyz' }, testContext);
    expect(transactItems(ddb)).toHaveLength(2);
    expect(ses.calls()).toHaveLength(0);
  });

  it('moves on even when the immediate e-mail fails (the outbox retries it)', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed' }));
    givenOutboxReadsBack();
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    await expect(awaitDecision({ ...ids, taskToken: 'token-xyz' }, testContext)).resolves.toEqual({ waiting: true });
  });
});

describe('issue documents', () => {
  const uploaded = issuedDocument({ documentId: 'upload-1', kind: 'photo', title: 'sofa.jpg', direction: 'uploaded' });

  it('issues the documents of an approved application, completes it and tells the applicant — one write', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', documents: [uploaded] }));
    givenOutboxReadsBack();
    const result = await issueDocuments(ids, testContext);

    expect(result).toEqual({ documents: 1 });
    expect(issueBulkyWasteDocuments).toHaveBeenCalledTimes(1);
    expect(issueBulkyWasteDocuments).toHaveBeenCalledWith(expect.objectContaining({ applicationId: APP_ID, status: 'approved' }), { tenantId: TENANT, config: tenantConfig(), now: NOW });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const [update, issued, completed, notification] = transactItems(ddb);
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':from0': 'approved', ':to': 'completed' });
    expect(setValue(update!.Update!, 'documents')).toEqual([uploaded, issuedDocument()]);
    expect(issued!.Put!.Item).toMatchObject({ status: 'documents-issued', note: 'Abholbestätigung' });
    expect(completed!.Put!.Item).toMatchObject({ status: 'completed' });
    expect(notification!.Put!.Item).toMatchObject({ template: 'application-approved', notificationId: notificationId(`application-approved#${APP_ID}`) });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('on a retry after the documents were recorded, issues nothing again', async () => {
    givenApplication(ddb, storedApplication({ status: 'completed', documents: [uploaded, issuedDocument()] }));
    const result = await issueDocuments(ids, testContext);
    expect(result).toEqual({ documents: 1 });
    expect(issueBulkyWasteDocuments).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('await decision, invoked again for a wait that has begun', () => {
  it('only stores the newest token (a Lambda retry, a replay after a restart): no second inbox entry, no second notice', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-old' }));
    await expect(awaitDecision({ ...ids, taskToken: 'token-new' }, testContext)).resolves.toEqual({ waiting: true });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const [refresh] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(refresh).toMatchObject({
      Key: appKey(),
      UpdateExpression: 'SET decisionTaskToken = :token',
      ConditionExpression: '#status IN (:waiting, :approved, :rejected) AND attribute_not_exists(decisionDelivered)',
      ExpressionAttributeValues: { ':token': 'token-new' },
    });
    expect(ses.calls()).toHaveLength(0);
  });

  it('keeps the token for a decision recorded but not yet delivered, so that the repair hands it to the waiting task', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', decision: { outcome: 'approve', by: 'caseworker-1', at: NOW.toISOString(), automatic: false } }));
    await expect(awaitDecision({ ...ids, taskToken: 'token-new' }, testContext)).resolves.toEqual({ waiting: true });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':token': 'token-new' });
  });

  it('fails with ApplicationStateConflict once the decision was delivered', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', decisionDelivered: true }));
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
    await expect(awaitDecision({ ...ids, taskToken: 'token-new' }, testContext)).rejects.toMatchObject({ name: 'ApplicationStateConflict' });
  });
});

describe('the value an application reserved (e.g. a plate)', () => {
  const reservationKey = `${TENANT}#RESERVATION#abc`;
  const release = () =>
    ddb
      .commandCalls(TransactWriteCommand)
      .flatMap((c) => c.args[0].input.TransactItems ?? [])
      .filter((item) => item.Update?.Key?.PK === reservationKey);
  const NOT_FINAL = ['fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'awaiting-decision', 'approved', 'documents-issued'] as const;

  it.each(['rejected', 'withdrawn', 'expired', 'payment-failed', 'failed'] as const)(
    'is released in the same transaction when the application ends %s without a result',
    async (to) => {
      givenApplication(ddb, storedApplication({ status: 'awaiting-payment', reservationKey, applicantEmail: undefined }));
      await transitionStep({ ...ids, from: [...NOT_FINAL], to }, testContext);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(release()).toEqual([
        {
          Update: {
            TableName: process.env.TABLE_NAME,
            Key: { PK: reservationKey, SK: 'RESERVATION' },
            UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt',
            ConditionExpression: 'attribute_not_exists(applicationId) OR applicationId = :app',
            ExpressionAttributeValues: { ':app': APP_ID },
          },
        },
      ]);
    },
  );

  it('is left to what was issued when the application completes (the issuer took it over)', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', reservationKey, fee }));
    issueBulkyWasteDocuments.mockResolvedValue([issuedDocument()]);
    await issueDocuments(ids, testContext);
    expect(transitionUpdate(ddb).ExpressionAttributeValues).toMatchObject({ ':to': 'completed' });
    expect(release()).toEqual([]);
  });

  it('is not touched by a step that keeps a final status (rejected → rejected with the refund): it was released on entering it', async () => {
    givenApplication(ddb, storedApplication({ status: 'rejected', reservationKey, applicantEmail: undefined }));
    await transitionStep({ ...ids, from: ['rejected'], to: 'rejected', refund: { status: 'REFUNDED', reference: 'R-1' } }, testContext);
    expect(release()).toEqual([]);
  });

  it('does not exist for an application of a service that reserves nothing', async () => {
    givenApplication(ddb, storedApplication({ status: 'awaiting-payment', applicantEmail: undefined }));
    await transitionStep({ ...ids, from: [...NOT_FINAL], to: 'expired' }, testContext);
    // The application, its timeline entry and the retention marker of the final status; nothing else.
    expect(transactItems(ddb).map((item) => String(item.Update?.Key?.PK ?? item.Put?.Item?.PK).split('#')[1])).toEqual(['APP', 'APP', 'RETENTION']);
  });
});
