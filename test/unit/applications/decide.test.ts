import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as decide } from '../../../functions/applications/decide.handler.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import {
  APP_ID,
  NOW,
  TENANT,
  appKey,
  awsError,
  caseworker,
  citizen,
  decisionsMarkedDelivered,
  givenTenant,
  setValue,
  statusChangesFail,
  storedApplication,
  transactItems,
  transactionCancelled,
  transitionUpdate,
} from './support.ts';

// The fake service's own words for its outcome label the answer.
vi.mock('#functions/services/descriptors', async () => (await import('./support.ts')).descriptorsModule());

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const s3 = mockClient(S3Client);

const REASON = 'Die Adresse liegt außerhalb des Abholgebiets.';
const awaiting = storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-1' });
const recorded = (outcome: 'approve' | 'reject', extra: Record<string, unknown> = {}) =>
  storedApplication({
    status: outcome === 'approve' ? 'approved' : 'rejected',
    decision: { outcome, ...(outcome === 'reject' ? { reason: REASON } : {}), by: 'caseworker-1', at: NOW.toISOString(), automatic: false },
    decisionDelivered: true,
    ...extra,
  });

const post = (decision: Record<string, unknown>, caller: TestCaller = caseworker) =>
  call(decide, httpEvent({ routeKey: 'POST /applications/{id}/decision', caller, pathParameters: { id: APP_ID }, body: decision }));

/** The application's reads answer `first`, then `then` (the read after the decision was recorded). */
function givenReads(first: Record<string, unknown>, then: Record<string, unknown> = first) {
  ddb.on(GetCommand, { Key: appKey() }).resolvesOnce({ Item: first }).resolves({ Item: then });
}

const conditionFails = () => statusChangesFail(ddb, () => transactionCancelled(3, [0]));

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  s3.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  givenTenant(ddb);
  s3.on(PutObjectCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /applications/{id}/decision', () => {
  it('records an approval once — only while awaiting a decision, undecided and not being withdrawn — and hands it to the workflow', async () => {
    givenReads(awaiting, recorded('approve'));
    const result = await post({ outcome: 'approve' });

    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ status: 'approved', statusLabel: 'Abholung zugesagt' });
    expect(result.body).not.toHaveProperty('decisionTaskToken');

    const update = transitionUpdate(ddb);
    expect(update.Key).toEqual(appKey());
    expect(update.ConditionExpression).toBe(
      'attribute_exists(PK) AND #status IN (:from0) AND attribute_not_exists(decision) AND attribute_not_exists(withdrawalRequestedAt) AND attribute_not_exists(openStep)',
    );
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from0': 'awaiting-decision', ':to': 'approved', ':gsi2pk': `${TENANT}#INBOX#approved` });
    expect(setValue(update, 'decision')).toEqual({ outcome: 'approve', by: 'caseworker-1', at: NOW.toISOString(), automatic: false });
    const [, event, pending, ...rest] = transactItems(ddb);
    expect(event!.Put!.Item).toMatchObject({ status: 'approved', actor: 'caseworker-1' });
    // Recorded with a mark that it still has to reach the workflow: the repair finds it if this request dies now.
    expect(pending!.Put!.Item).toEqual({
      ...appKey(),
      SK: 'DELIVERY#decision',
      GSI2PK: `${TENANT}#DELIVERY#pending`,
      GSI2SK: `${NOW.toISOString()}#${APP_ID}#decision`,
      applicationId: APP_ID,
      kind: 'decision',
      recordedAt: NOW.toISOString(),
    });
    expect(rest).toEqual([]);

    const success = sfn.commandCalls(SendTaskSuccessCommand);
    expect(success).toHaveLength(1);
    expect(success[0]!.args[0].input.taskToken).toBe('token-1');
    expect(JSON.parse(success[0]!.args[0].input.output!)).toEqual({ outcome: 'approve', reason: null });

    const [delivered] = decisionsMarkedDelivered(ddb);
    expect(delivered![0]!.Update!.Key).toEqual(appKey());
    expect(delivered![1]!.Delete!.Key).toEqual({ ...appKey(), SK: 'DELIVERY#decision' });
    expect(success[0]!.calledBefore(ddb.commandCalls(TransactWriteCommand)[1]!)).toBe(true);
    // An approval issues no Bescheid here (the service issues its documents in the workflow).
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  const DISPENSATION = 'Der Antrag beruht allein auf den Angaben der antragstellenden Person (§ 28 Abs. 2 Nr. 3).';

  it('records a rejection with its reason in the timeline, hands the reason to the workflow and issues the Bescheid with it', async () => {
    givenReads(awaiting, recorded('reject'));
    const result = await post({ outcome: 'reject', reason: REASON, hearingDispensation: DISPENSATION, legalBasis: '§ 1 Abfallsatzung' });

    expect(result.statusCode).toBe(200);
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'rejected' });
    expect(setValue(update, 'decision')).toMatchObject({ outcome: 'reject', reason: REASON, hearingDispensation: DISPENSATION, legalBasis: '§ 1 Abfallsatzung' });
    expect(transactItems(ddb)[1]!.Put!.Item).toMatchObject({ status: 'rejected', note: REASON });
    expect(JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toEqual({ outcome: 'reject', reason: REASON });

    // The Bescheid: a PDF below the tenant's prefix, stored before the decision that names it among the documents.
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({ Key: `${TENANT}/applications/${APP_ID}/bescheid-${APP_ID}-bescheid-NE-SPM-2026-000007.pdf`, ContentType: 'application/pdf' });
    expect(Buffer.from(put!.args[0].input.Body as Uint8Array).subarray(0, 5).toString()).toBe('%PDF-');
    expect(put!.calledBefore(ddb.commandCalls(TransactWriteCommand)[0]!)).toBe(true);
    expect(setValue(update, 'documents')).toEqual([
      expect.objectContaining({ documentId: `bescheid-${APP_ID}`, kind: 'bescheid', direction: 'issued', contentType: 'application/pdf', title: 'Bescheid (Ablehnung)' }),
    ]);
  });

  it('refuses a rejection without a completed hearing or a reason why none is needed (422), and writes nothing', async () => {
    givenReads(awaiting);
    const result = await post({ outcome: 'reject', reason: REASON });
    expect(result.statusCode).toBe(422);
    expect(result.body.errors).toEqual([{ field: 'body/hearingDispensation', message: expect.stringContaining('§ 28 Abs. 1 VwVfG NRW') }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['answered', { answer: { at: NOW.toISOString(), text: 'Ich widerspreche.', documentIds: [], changedFields: [] } }],
    ['expired', {}],
  ])('accepts a rejection after a hearing that was %s', async (status, extra) => {
    givenReads(awaiting, recorded('reject'));
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':steps': 'STEP#' } }).resolves({
      Items: [{ stepId: 'step-1', applicationId: APP_ID, kind: 'hearing', status, createdAt: NOW.toISOString(), createdBy: 'caseworker-1', deadline: '2026-03-24', message: 'Die Adresse liegt nicht im Gebiet.', intendedDecision: 'reject', ...extra }],
    });
    const result = await post({ outcome: 'reject', reason: REASON });
    expect(result.statusCode).toBe(200);
    expect(setValue(transitionUpdate(ddb), 'decision')).not.toHaveProperty('hearingDispensation');
  });

  it('refuses a rejection while the hearing still waits for the answer, and any decision while a step is open (409)', async () => {
    for (const decision of [{ outcome: 'approve' }, { outcome: 'reject', reason: REASON }]) {
      ddb.on(GetCommand, { Key: appKey() }).resolves({ Item: { ...awaiting, openStep: { stepId: 'step-1', kind: 'hearing', deadline: '2026-03-24' } } });
      const result = await post(decision);
      expect(result.statusCode).toBe(409);
      expect(result.body.detail).toContain('wartet noch ein Schreiben');
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['without a reason', { outcome: 'reject' }],
    ['with a reason too short to understand', { outcome: 'reject', reason: 'Nein.' }],
  ])('refuses a rejection %s (400) before reading anything', async (_case, decision) => {
    const result = await post(decision);
    expect(result.statusCode).toBe(400);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toEqual(['body/reason']);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 409 when the application does not await a decision, and delivers nothing', async () => {
    givenReads(storedApplication({ status: 'checks-passed' }));
    conditionFails();
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('wartet nicht (mehr) auf eine Entscheidung');
    expect(sfn.calls()).toHaveLength(0);
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(0);
  });

  it('answers 409 when the applicant has just asked to withdraw', async () => {
    givenReads(storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-1', withdrawalRequestedAt: NOW.toISOString() }));
    conditionFails();
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(409);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers a repeated identical decision with 200 and does not deliver it again', async () => {
    // The delivered flag decides, even if a task token were still stored.
    givenReads(recorded('approve', { decisionTaskToken: 'token-1' }));
    conditionFails();
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ status: 'approved', decision: { outcome: 'approve', by: 'caseworker-1' } });
    expect(sfn.calls()).toHaveLength(0);
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(0);
  });

  it('delivers a recorded decision on the repeat when the first request stopped before delivering it', async () => {
    givenReads(recorded('approve', { decisionDelivered: undefined, decisionTaskToken: 'token-1' }));
    conditionFails();
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(1);
  });

  it('answers 200 to both of two identical decisions sent at the same time', async () => {
    // Both requests read the undecided application; the other one's transaction commits first.
    givenReads(awaiting, recorded('approve'));
    conditionFails();
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ status: 'approved' });
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers a different second decision with 409 and leaves the first one standing', async () => {
    givenReads(recorded('approve'));
    conditionFails();
    const result = await post({ outcome: 'reject', reason: REASON });
    expect(result.statusCode).toBe(409);
    expect(sfn.calls()).toHaveLength(0);
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(0);
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('counts %s from the workflow as delivered', async (name) => {
    givenReads(awaiting, recorded('approve'));
    sfn.on(SendTaskSuccessCommand).rejects(awsError(name));
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(1);
  });

  it('does not mark the decision delivered when the workflow could not be reached (500), so a repeat or the repair delivers it', async () => {
    givenReads(awaiting);
    sfn.on(SendTaskSuccessCommand).rejects(awsError('ThrottlingException'));
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(500);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(transactItems(ddb)[2]!.Put!.Item).toMatchObject({ SK: 'DELIVERY#decision' });
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(0);
  });

  it('answers 404 for an application that does not exist', async () => {
    const result = await post({ outcome: 'approve' });
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is for caseworkers only (403)', async () => {
    const result = await post({ outcome: 'approve' }, citizen);
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
