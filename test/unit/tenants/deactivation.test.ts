import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newTenantRecord, planStatusChange, type AccountsJob, type TenantRecord } from '../../../functions/tenants/domain.ts';
import { handler as deactivate } from '../../../functions/tenants/deactivate-tenant.handler.ts';
import { handler as reactivate } from '../../../functions/tenants/reactivate-tenant.handler.ts';
import { handler as updateAccounts } from '../../../functions/tenants/accounts/update-accounts.handler.ts';
import { handler as markAccountsFailed } from '../../../functions/tenants/accounts/mark-failed.handler.ts';
import { handler as listRules } from '../../../functions/training/list-rules.handler.ts';
import { call, httpEvent, testContext } from '../../support/events.ts';
import { tenantRequest } from '../../support/fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const cognito = mockClient(CognitoIdentityProviderClient);

const countyAdmin = { tenantId: 'rhein-kreis-neuss', roles: ['county-admin' as const] };
const NOW = new Date('2026-12-01T10:00:00Z');

function record(status: TenantRecord['status'], accounts?: Partial<AccountsJob>): TenantRecord {
  const base = { ...newTenantRecord(tenantRequest('musterstadt'), { userId: 'u', now: NOW }), status };
  return accounts ? { ...base, accounts: { action: 'disable', state: 'done', run: 1, startedAt: NOW.toISOString(), ...accounts } } : base;
}

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  cognito.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('planStatusChange: one account job at a time', () => {
  it.each([
    ['deactivates an active tenant', record('active'), 'deactivated', { from: 'active', expectedRun: 0, job: { action: 'disable', run: 1 } }],
    ['deactivates again after a reactivation', record('active', { action: 'enable', run: 2 }), 'deactivated', { from: 'active', expectedRun: 2, job: { action: 'disable', run: 3 } }],
    ['reactivates once the accounts are disabled', record('deactivated', { action: 'disable' }), 'active', { from: 'deactivated', expectedRun: 1, job: { action: 'enable', run: 2 } }],
    ['reactivates a tenant deactivated before there were account jobs', record('deactivated'), 'active', { from: 'deactivated', expectedRun: 0, job: { action: 'enable', run: 1 } }],
    ['runs a failed disabling again', record('deactivated', { action: 'disable', state: 'failed' }), 'deactivated', { from: 'deactivated', expectedRun: 1, job: { action: 'disable', run: 2 } }],
    ['runs a failed enabling again', record('active', { action: 'enable', state: 'failed', run: 2 }), 'active', { from: 'active', expectedRun: 2, job: { action: 'enable', run: 3 } }],
  ] as const)('%s', (_case, current, to, expected) => {
    expect(planStatusChange(current, to, NOW)).toMatchObject({ ...expected, to, job: { ...expected.job, state: 'running', startedAt: NOW.toISOString() } });
  });

  it.each([
    ['a reactivation while accounts are still being disabled', record('deactivated', { action: 'disable', state: 'running' }), 'active', /gerade gesperrt/],
    ['a deactivation while accounts are still being enabled', record('active', { action: 'enable', state: 'running' }), 'deactivated', /gerade wieder freigeschaltet/],
    ['deactivating a deactivated tenant', record('deactivated', { action: 'disable' }), 'deactivated', /nicht aktiv/],
    ['reactivating an active tenant', record('active'), 'active', /nicht deaktiviert/],
    ['deactivating a tenant in onboarding', record('onboarding'), 'deactivated', /nicht aktiv/],
    ['reactivating a failed onboarding', record('failed'), 'active', /nicht deaktiviert/],
  ] as const)('refuses %s (409)', (_case, current, to, message) => {
    expect(() => planStatusChange(current, to, NOW)).toThrow(expect.objectContaining({ kind: 'conflict', message: expect.stringMatching(message) }));
  });
});

describe('POST /tenants/{id}/deactivate and /reactivate', () => {
  const givenRegistry = (entry: TenantRecord) => ddb.on(GetCommand, { Key: { PK: 'rhein-kreis-neuss#TENANTS', SK: 'TENANT#musterstadt' } }).resolves({ Item: entry });
  const post = (handler: typeof deactivate, action: 'deactivate' | 'reactivate', id = 'musterstadt') =>
    call(handler, httpEvent({ routeKey: `POST /tenants/{id}/${action}`, caller: countyAdmin, pathParameters: { id } }));

  it('deactivates registry entry and profile in one transaction, conditional on what it read, and starts the disabling job', async () => {
    givenRegistry(record('active'));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: NOW });
    const result = await post(deactivate, 'deactivate');
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ id: 'musterstadt', status: 'deactivated', accounts: { action: 'disable', state: 'running', run: 1 } });
    const [registry, profile] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(registry!.Update!.Key).toEqual({ PK: 'rhein-kreis-neuss#TENANTS', SK: 'TENANT#musterstadt' });
    expect(registry!.Update!.ConditionExpression).toBe('#status = :from AND attribute_not_exists(#accounts)');
    expect(registry!.Update!.ExpressionAttributeValues).toMatchObject({ ':from': 'active', ':to': 'deactivated', ':job': { action: 'disable', run: 1 } });
    expect(profile!.Update!.Key).toEqual({ PK: 'musterstadt#TENANT', SK: 'PROFILE' });
    expect(profile!.Update!.ExpressionAttributeValues).toMatchObject({ ':to': 'deactivated' });
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe('musterstadt-disable-1');
    expect(JSON.parse(start.input!)).toEqual({ tenantId: 'musterstadt', action: 'disable', run: 1 });
  });

  it('refuses the deactivated tenant at once in the container that deactivated it, without asking the table', async () => {
    givenRegistry(record('active'));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: NOW });
    await post(deactivate, 'deactivate');
    ddb.resetHistory();
    const refused = await call(listRules, httpEvent({ routeKey: 'GET /training/rules', caller: { tenantId: 'musterstadt', roles: ['tenant-admin'] } }), { tenantStatus: 'unread' });
    expect(refused.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('reactivates conditional on the job run it saw and starts the enabling job', async () => {
    givenRegistry(record('deactivated', { action: 'disable', run: 1 }));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: NOW });
    const result = await post(reactivate, 'reactivate');
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ status: 'active', accounts: { action: 'enable', run: 2 } });
    const [registry] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(registry!.Update!.ConditionExpression).toBe('#status = :from AND #accounts.#run = :run');
    expect(registry!.Update!.ExpressionAttributeValues).toMatchObject({ ':from': 'deactivated', ':run': 1 });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name).toBe('musterstadt-enable-2');
  });

  it('answers 409 when the entry changed in between, and starts nothing', async () => {
    givenRegistry(record('active'));
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );
    const result = await post(deactivate, 'deactivate');
    expect(result.statusCode).toBe(409);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('records the job as failed when its workflow cannot be started, so that asking again runs it', async () => {
    givenRegistry(record('active'));
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(new Error('service unavailable'));
    const result = await post(deactivate, 'deactivate');
    expect(result.statusCode).toBe(500);
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('#accounts.#run = :run AND #accounts.#state = :running');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':state': 'failed', ':run': 1 });
  });

  it('answers 409 for the county itself and 404 for an unknown tenant, writing nothing', async () => {
    for (const [handler, action] of [[deactivate, 'deactivate'], [reactivate, 'reactivate']] as const) {
      expect((await post(handler, action, 'rhein-kreis-neuss')).statusCode).toBe(409);
      ddb.on(GetCommand).resolves({});
      expect((await post(handler, action, 'gibt-es-nicht')).statusCode).toBe(404);
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('the tenant-accounts job', () => {
  const user = (sub: string, tenantId: string, enabled = true): UserType => ({
    Username: `${sub}-name`,
    Enabled: enabled,
    Attributes: [
      { Name: 'sub', Value: sub },
      { Name: 'custom:tenantId', Value: tenantId },
    ],
  });
  const context = (remainingMs: number) => ({ ...testContext, getRemainingTimeInMillis: () => remainingMs }) as Context;

  it('pages through the pool and disables only the enabled accounts of the tenant, noting each before disabling it', async () => {
    const sequence: string[] = [];
    cognito.on(ListUsersCommand).callsFake((input) => {
      sequence.push(`list ${input.PaginationToken ?? 'start'}`);
      return input.PaginationToken
        ? { Users: [user('d', 'musterstadt')] }
        : { Users: [user('a', 'musterstadt'), user('b', 'neuss'), user('c', 'musterstadt', false)], PaginationToken: 'page-2' };
    });
    ddb.on(PutCommand).callsFake((input) => (sequence.push(`note ${input.Item.sub}`), {}));
    cognito.on(AdminDisableUserCommand).callsFake((input) => (sequence.push(`disable ${input.Username}`), {}));
    ddb.on(UpdateCommand).resolves({});

    const result = await updateAccounts({ tenantId: 'musterstadt', action: 'disable', run: 1 }, context(60_000));
    expect(result).toEqual({ tenantId: 'musterstadt', action: 'disable', run: 1, cursor: null, done: true });
    expect(sequence).toEqual(['list start', 'note a', 'disable a', 'list page-2', 'note d', 'disable d']);
    expect(cognito.commandCalls(ListUsersCommand)[0]!.args[0].input.AttributesToGet).toEqual(['sub', 'custom:tenantId']);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ PK: 'musterstadt#ACCOUNTS', SK: 'DISABLED#a', run: 1 });
    // The last slice records the job as done.
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':state': 'done', ':run': 1 });
  });

  it('stops a slice at its deadline and hands on the page it was on, without recording the job as done', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    cognito.on(ListUsersCommand).callsFake((input) => {
      if (input.PaginationToken === 'page-2') vi.setSystemTime(Date.now() + 120_000); // the work takes the rest of the time
      return input.PaginationToken === 'page-2'
        ? { Users: [user('d', 'musterstadt'), user('e', 'musterstadt')], PaginationToken: 'page-3' }
        : { Users: [user('a', 'musterstadt')], PaginationToken: 'page-2' };
    });
    ddb.on(PutCommand).resolves({});
    cognito.on(AdminDisableUserCommand).resolves({});
    const result = await updateAccounts({ tenantId: 'musterstadt', action: 'disable', run: 4, cursor: null }, context(60_000));
    expect(result).toEqual({ tenantId: 'musterstadt', action: 'disable', run: 4, cursor: 'page-2', done: false });
    expect(cognito.commandCalls(AdminDisableUserCommand).map((entry) => entry.args[0].input.Username)).toEqual(['a']);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('enables exactly the noted accounts, forgets each once enabled, and tolerates an account deleted since', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [{ sub: 'a' }, { sub: 'gone' }] }).resolves({ Items: [] });
    cognito.on(AdminEnableUserCommand, { Username: 'gone' }).rejects(Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' }));
    cognito.on(AdminEnableUserCommand, { Username: 'a' }).resolves({});
    ddb.on(DeleteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const result = await updateAccounts({ tenantId: 'musterstadt', action: 'enable', run: 2 }, context(60_000));
    expect(result).toMatchObject({ done: true });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true, ExpressionAttributeValues: { ':pk': 'musterstadt#ACCOUNTS', ':prefix': 'DISABLED#' } });
    expect(ddb.commandCalls(DeleteCommand).map((entry) => entry.args[0].input.Key)).toEqual([
      { PK: 'musterstadt#ACCOUNTS', SK: 'DISABLED#a' },
      { PK: 'musterstadt#ACCOUNTS', SK: 'DISABLED#gone' },
    ]);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':state': 'done', ':run': 2 });
  });

  it('lets the workflow retry a slice whose Cognito call failed: the error keeps its name', async () => {
    cognito.on(ListUsersCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(updateAccounts({ tenantId: 'musterstadt', action: 'disable', run: 1 }, context(60_000))).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('records a job that failed for good with a reason a county admin understands', async () => {
    ddb.on(UpdateCommand).resolves({});
    await markAccountsFailed({ tenantId: 'musterstadt', action: 'disable', run: 3, cursor: 'page-9', error: { Error: 'TooManyRequestsException' } }, testContext);
    const values = ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!;
    expect(values).toMatchObject({ ':state': 'failed', ':run': 3 });
    expect(values[':reason']).toMatch(/Sperren der Benutzerkonten ist fehlgeschlagen.*Deaktivierung erneut/);
  });
});
