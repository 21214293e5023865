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

const { handler: computeFee } = await import('../../../functions/applications/workflow/compute-fee.handler.ts');
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
    await expect(computeFee(ids, testContext)).rejects.toMatchObject({ name: 'ApplicationNotFound' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuse malformed input with InvalidTaskInput', async () => {
    await expect(computeFee({ tenantId: TENANT, applicationId: 'not-a-uuid' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    await expect(transitionStep({ ...ids, from: ['submitted'], to: 'done' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    await expect(awaitDecision(ids, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('read the application with a consistent read from the system table', async () => {
    givenApplication(ddb, storedApplication({ status: 'submitted' }));
    await computeFee(ids, testContext);
    expect(ddb.commandCalls(GetCommand, { Key: appKey() })[0]!.args[0].input.ConsistentRead).toBe(true);
  });
});

describe('compute fee', () => {
  it("moves a submitted application to fee-computed with the fee from the tenant's schedule", async () => {
    givenApplication(ddb, storedApplication({ status: 'submitted' }));
    const result = await computeFee(ids, testContext);

    expect(result).toEqual({
      amountCents: 2500,
      caseNumber: 'NE-SPM-2026-000007',
      purpose: 'Sperrmüllabholung NE-SPM-2026-000007',
      cashReference: 'NE-bulky-waste',
      paymentTimeoutSeconds: 72 * 3600,
    });
    expect(bulkyWaste.feeFor).toHaveBeenCalledWith({ street: 'Oberstraße 12', items: 3 }, { tenantId: TENANT, config: tenantConfig(), now: NOW });
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from0': 'submitted', ':to': 'fee-computed' });
    expect(setValue(update, 'fee')).toEqual(fee);
    expect(String(transactItems(ddb)[1]!.Put!.Item!.note).replace(/\s/g, ' ')).toBe('Gebühr: 25,00 € (Abfallgebührensatzung 2026)');
  });

  it('on a retry after the fee was recorded, writes nothing and keeps the recorded fee even if the schedule changed', async () => {
    givenApplication(ddb, storedApplication({ status: 'fee-computed', fee: { ...fee, amountCents: 2000 } }));
    const result = await computeFee(ids, testContext);
    expect(result.amountCents).toBe(2000);
    expect(bulkyWaste.feeFor).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
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
    expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe('Automatisch bewilligt: alle Voraussetzungen erfüllt');
  });

  it('writes no notification for an applicant without an e-mail address', async () => {
    givenApplication(ddb, storedApplication({ status: 'documents-issued', applicantEmail: undefined }));
    await transitionStep({ ...ids, from: ['documents-issued'], to: 'completed', notify: 'application-approved' }, testContext);
    expect(transactItems(ddb)).toHaveLength(2);
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
  it('records the findings and moves on from paid (or from fee-computed for a free service)', async () => {
    givenApplication(ddb, storedApplication({ status: 'paid' }));
    const findings = [
      { code: 'large-items', message: 'Mehr als 5 Teile', severity: 'review' as const },
      { code: 'known-address', message: 'Adresse bekannt', severity: 'info' as const },
    ];
    bulkyWaste.runChecks.mockResolvedValue({ decision: 'review', findings });
    const result = await runChecks(ids, testContext);

    expect(result).toEqual({ decision: 'review', findings: 2 });
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from0': 'paid', ':from1': 'fee-computed', ':to': 'checks-passed' });
    expect(setValue(update, 'findings')).toEqual(findings);
    expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe('1 Punkt(e) zur Prüfung durch die Sachbearbeitung');
  });

  it('on a retry after the checks were recorded, answers the outcome again and writes nothing', async () => {
    givenApplication(ddb, storedApplication({ status: 'checks-passed' }));
    const result = await runChecks(ids, testContext);
    expect(result).toEqual({ decision: 'approve', findings: 0 });
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

  it('issues the documents of an approved application and appends them to the uploaded ones', async () => {
    givenApplication(ddb, storedApplication({ status: 'approved', documents: [uploaded] }));
    const result = await issueDocuments(ids, testContext);

    expect(result).toEqual({ documents: 1 });
    expect(bulkyWaste.issueDocuments).toHaveBeenCalledTimes(1);
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from0': 'approved', ':to': 'documents-issued' });
    expect(setValue(update, 'documents')).toEqual([uploaded, issuedDocument()]);
    expect(transactItems(ddb)[1]!.Put!.Item!.note).toBe('Abholbestätigung');
  });

  it('on a retry after the documents were recorded, issues nothing again', async () => {
    givenApplication(ddb, storedApplication({ status: 'documents-issued', documents: [uploaded, issuedDocument()] }));
    const result = await issueDocuments(ids, testContext);
    expect(result).toEqual({ documents: 1 });
    expect(bulkyWaste.issueDocuments).not.toHaveBeenCalled();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
