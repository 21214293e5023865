import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcedureStep } from '../../../functions/applications/model.ts';
import { serveBatchGetsFromGets } from '../../support/batch-get.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import { APP_ID, NOW, TENANT, appKey, caseworker, citizen, givenApplication, givenTenant, otherCitizen, resetBulkyWaste, storedApplication, tenantConfig, transactItems, transactionCancelled } from './support.ts';

vi.mock('#functions/services/descriptors', async () => (await import('./support.ts')).descriptorsModule());
vi.mock('#functions/services/catalog', async () => (await import('./support.ts')).catalogModule());

const { handler: openStep } = await import('../../../functions/applications/open-step.handler.ts');
const { handler: answerStep } = await import('../../../functions/applications/answer-step.handler.ts');
const { enforceStepDeadlines } = await import('../../../functions/applications/procedure-deadlines.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const STEP_ID = '3b1f5c2e-8d7a-4e6b-9c0d-1a2b3c4d5e6f';
const awaiting = storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-1', decisionWaitSince: '2026-03-09T10:00:00.000Z' });

function step(overrides: Partial<ProcedureStep> = {}): ProcedureStep {
  return {
    stepId: STEP_ID,
    applicationId: APP_ID,
    kind: 'request',
    status: 'open',
    createdAt: '2026-03-09T10:00:00.000Z',
    createdBy: 'caseworker-1',
    deadline: '2026-03-23',
    message: 'Bitte nennen Sie die Anzahl der Teile genau.',
    documents: [],
    fields: ['items'],
    ...overrides,
  };
}

/** The application's steps (`STEP#`) as the store's query finds them; the timeline is empty. */
function givenSteps(steps: ProcedureStep[]) {
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: input.ExpressionAttributeValues?.[':steps'] ? steps : [] }));
}

const postStep = (body: unknown, caller: TestCaller = caseworker) =>
  call(openStep, httpEvent({ routeKey: 'POST /applications/{id}/steps', caller, pathParameters: { id: APP_ID }, body }));
const answer = (body: unknown, caller: TestCaller = citizen) =>
  call(answerStep, httpEvent({ routeKey: 'POST /applications/{id}/steps/{stepId}/answer', caller, pathParameters: { id: APP_ID, stepId: STEP_ID }, body }));

beforeEach(() => {
  ddb.reset();
  ses.reset();
  resetBulkyWaste();
  ddb.on(GetCommand).resolves({});
  serveBatchGetsFromGets(ddb);
  givenTenant(ddb);
  givenApplication(ddb, awaiting);
  givenSteps([]);
  ddb.on(TransactWriteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /applications/{id}/steps', () => {
  it('sends a hearing in one transaction: the open step on the application, the step in the deadline index, the timeline, the e-mail', async () => {
    const result = await postStep({ kind: 'hearing', intendedDecision: 'reject', message: 'Die Adresse liegt außerhalb des Abholgebiets.' });
    expect(result.statusCode).toBe(201);

    const [update, event, put, notification, ...rest] = transactItems(ddb);
    expect(rest).toEqual([]);
    expect(update!.Update!.Key).toEqual(appKey());
    expect(update!.Update!.ConditionExpression).toBe(
      'attribute_exists(PK) AND #status IN (:from0) AND attribute_not_exists(openStep) AND attribute_not_exists(decision) AND attribute_not_exists(withdrawalRequestedAt)',
    );
    const stepId = (put!.Put!.Item as ProcedureStep).stepId;
    // 14 days by default (the tenant configures none): through 24 March.
    expect(Object.values(update!.Update!.ExpressionAttributeValues!)).toContainEqual({ stepId, kind: 'hearing', deadline: '2026-03-24' });
    expect(event!.Put!.Item).toMatchObject({ status: 'awaiting-decision', actor: 'caseworker-1', note: 'Anhörung versandt – Antwort bis 24.03.2026' });
    expect(put!.Put).toMatchObject({
      Item: { PK: `${TENANT}#APP#${APP_ID}`, SK: `STEP#${stepId}`, GSI2PK: `${TENANT}#STEP#open`, GSI2SK: `2026-03-24#${APP_ID}#${stepId}`, kind: 'hearing', status: 'open', intendedDecision: 'reject' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(notification!.Put!.Item).toMatchObject({ template: 'hearing-started', to: 'erika@example.test' });
    // The e-mail names the case and the deadline, and links to the status page; the facts stay there.
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Content!.Simple!.Subject!.Data).toBe('Anhörung zu Ihrem Antrag NE-SPM-2026-000007');
    expect(mail.Content!.Simple!.Body!.Text!.Data).toContain('bis zum 24.03.2026');
    expect(mail.Content!.Simple!.Body!.Text!.Data).not.toContain('Abholgebiets');
  });

  it("takes the tenant's default days for a request", async () => {
    givenTenant(ddb, { config: tenantConfig({ procedure: { requestDays: 21 } }) });
    expect((await postStep({ kind: 'request', message: 'Bitte reichen Sie ein Foto ein.', fields: ['items'] })).statusCode).toBe(201);
    expect(transactItems(ddb)[2]!.Put!.Item).toMatchObject({ kind: 'request', deadline: '2026-03-31', fields: ['items'], documents: [] });
  });

  it('refuses a second step while one is open, a step once decided, and a deadline past the decision wait — writing nothing', async () => {
    givenApplication(ddb, { ...awaiting, openStep: { stepId: STEP_ID, kind: 'request', deadline: '2026-03-23' } });
    expect((await postStep({ kind: 'request', message: 'Bitte noch ein Foto.' })).statusCode).toBe(409);
    givenApplication(ddb, storedApplication({ status: 'approved', decision: { outcome: 'approve', by: 'caseworker-1', at: NOW.toISOString(), automatic: false } }));
    expect((await postStep({ kind: 'request', message: 'Bitte noch ein Foto.' })).statusCode).toBe(409);
    givenApplication(ddb, awaiting);
    const late = await postStep({ kind: 'request', message: 'Bitte noch ein Foto.', deadline: '2026-04-09' });
    expect(late.statusCode).toBe(422);
    expect(late.body.errors).toEqual([{ field: 'body/deadline', message: expect.stringContaining('spätestens am 06.04.2026') }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 when the application changed between the read and the write (the condition refused it)', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(4, [0]));
    const result = await postStep({ kind: 'hearing', intendedDecision: 'reject', message: 'Die Adresse liegt außerhalb des Abholgebiets.' });
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('hat sich inzwischen geändert');
    expect(ses.calls()).toHaveLength(0);
  });

  it('is for caseworkers only (403), before anything is read', async () => {
    expect((await postStep({ kind: 'request', message: 'Bitte noch ein Foto.' }, citizen)).statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /applications/{id}/steps/{stepId}/answer', () => {
  beforeEach(() => {
    givenApplication(ddb, { ...awaiting, openStep: { stepId: STEP_ID, kind: 'request', deadline: '2026-03-23' } });
    givenSteps([step()]);
  });

  it('closes the step with the answer and the corrected form in one transaction conditional on that very step being open', async () => {
    const result = await answer({ text: 'Es sind vier Teile.', form: { items: 4 } });
    expect(result.statusCode).toBe(200);
    const [update, event, stepUpdate, ...rest] = transactItems(ddb);
    expect(rest).toEqual([]);
    expect(update!.Update!.ConditionExpression).toBe('attribute_exists(PK) AND #status IN (:from0) AND openStep.stepId = :cStep');
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':cStep': STEP_ID });
    expect(update!.Update!.UpdateExpression).toContain('REMOVE #r0');
    expect(Object.values(update!.Update!.ExpressionAttributeValues!)).toContainEqual({ street: 'Oberstraße 12', items: 4 });
    expect(event!.Put!.Item).toMatchObject({ status: 'awaiting-decision', actor: 'citizen-1', note: 'Antwort auf die Nachforderung von Unterlagen oder Angaben eingegangen; geänderte Angaben: items' });
    expect(stepUpdate!.Update).toMatchObject({
      ConditionExpression: '#status = :open',
      UpdateExpression: 'SET #status = :closed, closedAt = :at, answer = :answer REMOVE GSI2PK, GSI2SK',
      ExpressionAttributeValues: { ':closed': 'answered', ':answer': { at: NOW.toISOString(), text: 'Es sind vier Teile.', documentIds: [], changedFields: ['items'] } },
    });
  });

  it("checks the corrected form with the service's schema and refuses fields the request did not name", async () => {
    const invalid = await answer({ form: { items: 40 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'body/form/items', message: 'Höchstens 10 Teile.' }]);
    const notAsked = await answer({ form: { street: 'Andere Straße 1' } });
    expect(notAsked.statusCode).toBe(422);
    expect(notAsked.body.errors).toEqual([{ field: 'body/form/street', message: 'Diese Angabe wurde nicht nachgefordert und kann hier nicht geändert werden.' }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a correction that would change the fee', async () => {
    (await import('./support.ts')).bulkyWaste.feeFor.mockReturnValue({ feeKey: 'pickup', amountCents: 9900, currency: 'EUR', legalBasis: 'x', scheduleValidFrom: '2026-01-01' });
    givenApplication(ddb, { ...awaiting, fee: { feeKey: 'pickup', amountCents: 2500, currency: 'EUR', legalBasis: 'x', scheduleValidFrom: '2026-01-01' }, openStep: { stepId: STEP_ID, kind: 'request', deadline: '2026-03-23' } });
    const result = await answer({ form: { items: 9 } });
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toContain('würde die Gebühr ändern');
  });

  it.each([
    ['answered before', step({ status: 'answered' }), 'bereits geantwortet'],
    ['expired', step({ status: 'expired' }), 'Frist für eine Antwort ist abgelaufen'],
    ['past its deadline, not yet expired by the schedule', step({ deadline: '2026-03-09' }), 'Frist für eine Antwort ist abgelaufen'],
  ])('answers 409 for a step %s, writing nothing', async (_case, found, message) => {
    givenSteps([found]);
    const result = await answer({ text: 'Noch etwas.' });
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain(message);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("does not let another person answer (404: the application is not theirs to see) or a hearing's answer correct the form", async () => {
    expect((await answer({ text: 'Ich antworte.' }, otherCitizen)).statusCode).toBe(404);
    givenSteps([step({ kind: 'hearing', intendedDecision: 'reject', fields: undefined as never })]);
    const corrected = await answer({ form: { items: 4 } });
    expect(corrected.statusCode).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('the deadlines of open steps (repair schedule)', () => {
  const run = (now = NOW) => enforceStepDeadlines(ddb as unknown as DynamoDBDocumentClient, TENANT, tenantConfig(), now);

  it('reads only the due part of the sparse index: deadlines up to the reminder days ahead', async () => {
    givenSteps([]);
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await run()).toEqual({ expired: 0, reminded: 0 });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
      ExpressionAttributeValues: { ':pk': `${TENANT}#STEP#open`, ':before': '2026-03-14' },
    });
  });

  it('expires a step whose deadline has passed: the application leaves the sub-state, the timeline says so', async () => {
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-09' })] });
    givenApplication(ddb, { ...awaiting, openStep: { stepId: STEP_ID, kind: 'request', deadline: '2026-03-09' } });
    expect(await run()).toEqual({ expired: 1, reminded: 0 });
    const [update, event, stepUpdate] = transactItems(ddb);
    expect(update!.Update!.ConditionExpression).toContain('openStep.stepId = :cStep');
    expect(event!.Put!.Item).toMatchObject({ actor: 'system', note: 'Frist der Nachforderung von Unterlagen oder Angaben am 09.03.2026 ohne Antwort abgelaufen' });
    expect(stepUpdate!.Update!.ExpressionAttributeValues).toMatchObject({ ':closed': 'expired' });
    expect(ses.calls()).toHaveLength(0);
  });

  it('counts nothing when the applicant answered between the read and the expiry', async () => {
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-09' })] });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    expect(await run()).toEqual({ expired: 0, reminded: 0 });
  });

  it('reminds once, with the deadline, on the day the reminder is due; not earlier and not twice', async () => {
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-13' })] });
    expect(await run()).toEqual({ expired: 0, reminded: 1 });
    const [remind, notification] = transactItems(ddb);
    expect(remind!.Update).toMatchObject({ Key: { PK: `${TENANT}#APP#${APP_ID}`, SK: `STEP#${STEP_ID}` }, ConditionExpression: '#status = :open AND attribute_not_exists(remindedAt)' });
    expect(notification!.Put!.Item).toMatchObject({ template: 'step-reminder' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Subject!.Data).toBe('Erinnerung: Ihre Antwort zu NE-SPM-2026-000007 bis 13.03.2026');

    ddb.resetHistory();
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-13', remindedAt: NOW.toISOString() })] });
    expect(await run()).toEqual({ expired: 0, reminded: 0 });
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-14' })] });
    expect(await run()).toEqual({ expired: 0, reminded: 0 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('counts a reminder a concurrent run recorded first only once', async () => {
    ddb.on(QueryCommand).resolves({ Items: [step({ deadline: '2026-03-12' })] });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(2, [0]));
    expect(await run()).toEqual({ expired: 0, reminded: 0 });
    expect(ses.calls()).toHaveLength(0);
  });
});
