import { DescribeExecutionCommand, SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APPLICATION_STATUSES, FINAL_STATUSES, type ApplicationStatus } from '../../../functions/applications/model.ts';
import { testContext } from '../../support/events.ts';
import {
  APP_ID,
  NOW,
  OTHER_APP_ID,
  TENANT,
  appKey,
  awsError,
  decisionsMarkedDelivered,
  givenApplication,
  givenTenant,
  resetBulkyWaste,
  storedApplication,
  transactItems,
  transitionUpdate,
} from './support.ts';

vi.mock('#functions/services/descriptors', async () => (await import('./support.ts')).descriptorsModule());
const payments = vi.hoisted(() => ({ reconcilePayment: vi.fn(), settleAbandonedPayment: vi.fn(), abortPaymentWait: vi.fn() }));
vi.mock('#functions/payments/lifecycle', () => ({ reconcilePayment: payments.reconcilePayment, settleAbandonedPayment: payments.settleAbandonedPayment }));
vi.mock('#functions/payments/providers', () => ({ paymentProvider: async () => ({ name: 'fake' }) }));
vi.mock('#functions/payments/api', () => ({ abortPaymentWait: payments.abortPaymentWait }));
const registry = vi.hoisted(() => ({ tenantIds: vi.fn() }));
vi.mock('#functions/tenants/config', async (importOriginal) => ({ ...(await importOriginal<object>()), tenantIds: registry.tenantIds }));

const { repairTenant, DEFAULT_GRACE_MS } = await import('../../../functions/applications/repair.ts');
const { handler } = await import('../../../functions/applications/repair.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const MINUTE = 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const fee = { feeKey: 'pickup', amountCents: 2500, currency: 'EUR' as const, legalBasis: 'Satzung', scheduleValidFrom: '2026-01-01' };

/** What the two index queries of the repair find: stale applications by status, and undelivered events. */
function givenIndex(found: { stale?: Partial<Record<ApplicationStatus, Array<Record<string, unknown>>>>; pending?: Array<Record<string, unknown>>; steps?: Array<Record<string, unknown>> }) {
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const pk = String(input.ExpressionAttributeValues?.[':pk']);
    if (pk === `${TENANT}#DELIVERY#pending`) return { Items: found.pending ?? [] };
    if (pk === `${TENANT}#STEP#open`) return { Items: found.steps ?? [] };
    const status = pk.slice(`${TENANT}#INBOX#`.length) as ApplicationStatus;
    return { Items: found.stale?.[status] ?? [] };
  });
}

const executionIs = (status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'missing') =>
  status === 'missing' ? sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist')) : sfn.on(DescribeExecutionCommand).resolves({ status });

const repair = () => repairTenant(ddb as unknown as DynamoDBDocumentClient, TENANT, NOW, DEFAULT_GRACE_MS);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ses.reset();
  resetBulkyWaste();
  payments.reconcilePayment.mockReset().mockResolvedValue({ status: 'INITIAL', repaired: false });
  payments.settleAbandonedPayment.mockReset().mockResolvedValue(undefined);
  payments.abortPaymentWait.mockReset();
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: NOW });
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  givenTenant(ddb);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the repair finds its work without a Scan', () => {
  it('queries each status that does not end by itself once, only for applications older than the first moment the repair could act', async () => {
    givenIndex({});
    await repair();
    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries.every((q) => q.IndexName === 'GSI2')).toBe(true);
    const byPartition = Object.fromEntries(queries.map((q) => [String(q.ExpressionAttributeValues![':pk']), q.ExpressionAttributeValues![q.ExpressionAttributeValues![':before'] ? ':before' : ':cutoff']]));
    const active = APPLICATION_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));
    expect(Object.keys(byPartition).sort()).toEqual([`${TENANT}#DELIVERY#pending`, `${TENANT}#STEP#open`, ...active.map((status) => `${TENANT}#INBOX#${status}`)].sort());
    // Open hearings and requests whose deadline is at most the reminder days (3 by default) away: before the 4th day.
    expect(byPartition[`${TENANT}#STEP#open`]).toBe('2026-03-14');
    const expected: Record<string, number> = {
      'fee-computed': DEFAULT_GRACE_MS,
      'awaiting-payment': DEFAULT_GRACE_MS,
      'awaiting-decision': 30 * 24 * 60 * MINUTE + 60 * MINUTE,
      submitted: 15 * MINUTE,
      paid: 15 * MINUTE,
      'checks-passed': 15 * MINUTE,
      approved: 15 * MINUTE,
      'documents-issued': 15 * MINUTE,
    };
    for (const status of active) expect(byPartition[`${TENANT}#INBOX#${status}`], status).toBe(ago(expected[status]!));
    expect(byPartition[`${TENANT}#DELIVERY#pending`]).toBe(ago(DEFAULT_GRACE_MS));
    for (const query of queries.filter((q) => String(q.ExpressionAttributeValues![':pk']).includes('#INBOX#'))) {
      expect(query.KeyConditionExpression).toBe('GSI2PK = :pk AND GSI2SK < :cutoff');
      expect(query.FilterExpression).toBe('updatedAt < :cutoff');
    }
  });
});

describe('recorded events the workflow never got', () => {
  it('hands a recorded decision to the waiting task and marks it delivered', async () => {
    givenIndex({ pending: [{ applicationId: APP_ID, kind: 'decision', recordedAt: ago(5 * MINUTE) }] });
    givenApplication(ddb, storedApplication({ status: 'rejected', decisionTaskToken: 'token-1', decision: { outcome: 'reject', reason: 'Nicht im Gebiet, leider.', by: 'caseworker-1', at: ago(5 * MINUTE), automatic: false } }));
    expect(await repair()).toMatchObject({ delivered: 1, errors: 0 });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: 'token-1', output: JSON.stringify({ outcome: 'reject', reason: 'Nicht im Gebiet, leider.' }) });
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(1);
  });

  it('counts a closed token as delivered (the task got the decision before the crash)', async () => {
    givenIndex({ pending: [{ applicationId: APP_ID, kind: 'decision', recordedAt: ago(5 * MINUTE) }] });
    givenApplication(ddb, storedApplication({ status: 'approved', decisionTaskToken: 'token-1', decision: { outcome: 'approve', by: 'caseworker-1', at: ago(5 * MINUTE), automatic: false } }));
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut'));
    expect(await repair()).toMatchObject({ delivered: 1, errors: 0 });
    expect(decisionsMarkedDelivered(ddb)).toHaveLength(1);
  });

  it('also finds an approval that was never delivered by its status, when it has no pending-delivery mark', async () => {
    givenIndex({ stale: { approved: [storedApplication({ status: 'approved', updatedAt: ago(20 * MINUTE), decisionTaskToken: 'token-1', decision: { outcome: 'approve', by: 'caseworker-1', at: ago(20 * MINUTE), automatic: false } })] } });
    expect(await repair()).toMatchObject({ delivered: 1 });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.taskToken).toBe('token-1');
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('delivers a requested withdrawal to the waiting decision step', async () => {
    givenIndex({ pending: [{ applicationId: APP_ID, kind: 'withdrawal', recordedAt: ago(5 * MINUTE) }] });
    givenApplication(ddb, storedApplication({ status: 'awaiting-decision', decisionTaskToken: 'token-1', withdrawalRequestedAt: ago(5 * MINUTE) }));
    expect(await repair()).toMatchObject({ delivered: 1 });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toMatchObject({ taskToken: 'token-1', error: 'Withdrawn' });
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ ...appKey(), SK: 'DELIVERY#withdrawal' });
  });

  it('drops the mark of a withdrawal whose application has ended meanwhile, without telling the workflow anything', async () => {
    givenIndex({ pending: [{ applicationId: APP_ID, kind: 'withdrawal', recordedAt: ago(5 * MINUTE) }] });
    givenApplication(ddb, storedApplication({ status: 'withdrawn', withdrawalRequestedAt: ago(5 * MINUTE) }));
    expect(await repair()).toMatchObject({ delivered: 0, errors: 0 });
    expect(sfn.calls()).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);
  });
});

describe('applications whose workflow never started or is gone', () => {
  const waiting = (status: ApplicationStatus, since: number, extra: Record<string, unknown> = {}) =>
    storedApplication({ status, fee, updatedAt: ago(since), createdAt: ago(since), ...extra });

  it('starts the workflow of an application the submission stored but never started, under its own name and input', async () => {
    const app = waiting('fee-computed', 3 * MINUTE);
    givenIndex({ stale: { 'fee-computed': [app] } });
    executionIs('missing');
    expect(await repair()).toMatchObject({ started: 1 });
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe(APP_ID);
    expect(JSON.parse(start.input!)).toEqual({
      tenantId: TENANT,
      applicationId: APP_ID,
      fee: { attempt: 1, amountCents: 2500, caseNumber: 'NE-SPM-2026-000007', purpose: 'NE-SPM-2026-000007 SPERRMUE', cashReference: 'NE-bulky-waste', paymentTimeoutSeconds: 72 * 3600 },
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('starts the run of a new payment the request to pay again stored but never started, under the name of that payment', async () => {
    givenIndex({ stale: { 'fee-computed': [waiting('fee-computed', 3 * MINUTE, { paymentAttempt: 3 })] } });
    executionIs('missing');
    expect(await repair()).toMatchObject({ started: 1 });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toMatch(new RegExp(`:execution:[^:]+:${APP_ID}-payment-3$`));
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe(`${APP_ID}-payment-3`);
    expect(JSON.parse(start.input!).fee).toMatchObject({ attempt: 3 });
  });

  it('settles the payment of the current attempt when an application that paid again cannot continue', async () => {
    const app = waiting('checks-passed', 20 * MINUTE, { paymentAttempt: 2 });
    givenIndex({ stale: { 'checks-passed': [app] } });
    givenApplication(ddb, app);
    executionIs('FAILED');
    expect(await repair()).toMatchObject({ failed: 1 });
    expect(payments.settleAbandonedPayment).toHaveBeenCalledWith(expect.anything(), expect.anything(), expect.objectContaining({ attempt: 2 }), NOW);
  });

  it('leaves an application alone whose workflow runs, however long it waits there (its own timeouts own it)', async () => {
    givenIndex({ stale: { 'fee-computed': [waiting('fee-computed', 3 * MINUTE)], paid: [waiting('paid', 20 * MINUTE, { applicationId: OTHER_APP_ID })] } });
    executionIs('RUNNING');
    expect(await repair()).toMatchObject({ started: 0, failed: 0, stuck: 2 });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['its workflow failed', 'FAILED', undefined],
    ['its workflow was stopped', 'ABORTED', undefined],
    ['its workflow timed out', 'TIMED_OUT', 'Der Antrag wurde nicht fristgerecht bearbeitet. Eine bereits bezahlte Gebühr wird erstattet.'],
    ['its workflow never existed', 'missing', undefined],
  ] as const)('fails an application that cannot continue because %s, refunds what was paid and tells the applicant', async (_case, execution, reason) => {
    givenIndex({ stale: { 'checks-passed': [waiting('checks-passed', 20 * MINUTE, { payment: { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'BOOKED' } })] } });
    givenApplication(ddb, waiting('checks-passed', 20 * MINUTE, { payment: { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'BOOKED' } }));
    executionIs(execution);
    payments.settleAbandonedPayment.mockResolvedValue({ paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'BOOKED', refund: { status: 'REFUNDED', reference: 'RF-1', refundedAt: NOW.toISOString() } });
    expect(await repair()).toMatchObject({ failed: 1, errors: 0 });
    expect(payments.settleAbandonedPayment).toHaveBeenCalledWith(expect.anything(), expect.anything(), { tenantId: TENANT, applicationId: APP_ID, attempt: 1, reason: 'Antrag fehlgeschlagen' }, NOW);
    const update = transitionUpdate(ddb);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'failed', ':gsi2pk': `${TENANT}#INBOX#failed` });
    expect(JSON.stringify(update.ExpressionAttributeValues)).toContain('"reference":"RF-1"');
    expect(JSON.stringify(update.ExpressionAttributeValues)).toContain(reason ?? 'Der Antrag konnte nicht abgeschlossen werden. Eine bereits bezahlte Gebühr wird erstattet.');
    expect(transactItems(ddb).find((item) => item.Put?.Item?.template)!.Put!.Item).toMatchObject({ template: 'application-failed' });
  });

  it('waits the tenant\'s payment time (plus a margin) before it looks at the workflow of an application awaiting payment', async () => {
    const young = waiting('awaiting-payment', 72 * 60 * MINUTE, { payment: { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'INITIAL' } });
    const old = waiting('awaiting-payment', 74 * 60 * MINUTE, { applicationId: OTHER_APP_ID, payment: { paymentId: 'neuss.BBBBBBBBBBBBBBBBBBBBBB', status: 'INITIAL' } });
    givenIndex({ stale: { 'awaiting-payment': [young, old] } });
    givenApplication(ddb, old, OTHER_APP_ID);
    executionIs('FAILED');
    expect(await repair()).toMatchObject({ failed: 1 });
    expect(payments.reconcilePayment).toHaveBeenCalledTimes(1);
    expect(payments.reconcilePayment.mock.calls[0]![2]).toEqual({ tenantId: TENANT, paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA' });
    expect(sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([expect.stringMatching(new RegExp(`:execution:[^:]+:${OTHER_APP_ID}$`))]);
  });
});

describe('payments whose confirmation was lost', () => {
  it('reconciles every application that awaits its payment for more than the grace period with the provider', async () => {
    givenIndex({ stale: { 'awaiting-payment': [storedApplication({ status: 'awaiting-payment', updatedAt: ago(3 * MINUTE), payment: { paymentId: 'neuss.AAAAAAAAAAAAAAAAAAAAAA', status: 'INITIAL' } })] } });
    payments.reconcilePayment.mockResolvedValue({ status: 'BOOKED', repaired: true });
    expect(await repair()).toMatchObject({ reconciled: 1 });
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('the scheduled handler', () => {
  it('repairs the tenants of the registry, offboarded ones too (their applications still finish)', async () => {
    registry.tenantIds.mockResolvedValue([TENANT]);
    givenIndex({ stale: { 'fee-computed': [storedApplication({ status: 'fee-computed', fee, updatedAt: ago(3 * MINUTE) })] } });
    executionIs('missing');
    await expect(handler({ 'detail-type': 'Scheduled Event' }, testContext)).resolves.toMatchObject({ tenants: 1, started: 1 });
    expect(registry.tenantIds).toHaveBeenCalledWith(expect.anything(), 'rhein-kreis-neuss', ['active', 'deactivated']);
  });

  it('fails the run at the end when an application could not be repaired, after trying all the others', async () => {
    givenIndex({
      stale: {
        'fee-computed': [
          storedApplication({ status: 'fee-computed', fee, updatedAt: ago(3 * MINUTE) }),
          storedApplication({ applicationId: OTHER_APP_ID, status: 'fee-computed', fee, updatedAt: ago(3 * MINUTE) }),
        ],
      },
    });
    executionIs('missing');
    sfn.on(StartExecutionCommand, { name: APP_ID }).rejects(awsError('ServiceUnavailable'));
    await expect(handler({ tenants: [TENANT] }, testContext)).rejects.toMatchObject({ name: 'RepairIncomplete' });
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name)).toEqual([APP_ID, OTHER_APP_ID]);
  });

  it('lets an operator shorten the grace period for one run', async () => {
    givenIndex({ stale: { 'fee-computed': [storedApplication({ status: 'fee-computed', fee, updatedAt: ago(10_000) })] } });
    executionIs('missing');
    await expect(handler({ tenants: [TENANT], graceSeconds: 0 }, testContext)).resolves.toMatchObject({ started: 1 });
    const query = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input).find((q) => q.ExpressionAttributeValues![':pk'] === `${TENANT}#INBOX#fee-computed`)!;
    expect(query.ExpressionAttributeValues![':cutoff']).toBe(NOW.toISOString());
  });

  it('refuses a malformed event', async () => {
    await expect(handler({ graceSeconds: -1 }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });
});
