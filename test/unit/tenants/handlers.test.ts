import { CognitoIdentityProviderClient, AdminCreateUserCommand, AdminGetUserCommand, AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as createTenant } from '../../../functions/tenants/create-tenant.handler.ts';
import { handler as getTenant } from '../../../functions/tenants/get-tenant.handler.ts';
import { handler as updateConfig } from '../../../functions/tenants/update-config.handler.ts';
import { handler as retryOnboarding } from '../../../functions/tenants/retry-onboarding.handler.ts';
import { handler as createAdmin } from '../../../functions/tenants/onboarding/create-admin.handler.ts';
import { handler as markFailed } from '../../../functions/tenants/onboarding/mark-failed.handler.ts';
import { handler as createProfile } from '../../../functions/tenants/onboarding/create-profile.handler.ts';
import { defaultConfig } from '../../../functions/tenants/domain.ts';
import { call, httpEvent, testContext } from '../../support/events.ts';
import { tenantRequest } from '../../support/fixtures.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const cognito = mockClient(CognitoIdentityProviderClient);

const countyAdmin = { tenantId: 'rhein-kreis-neuss', roles: ['county-admin' as const] };
const neussAdmin = { tenantId: 'neuss', roles: ['tenant-admin' as const] };

const request = tenantRequest('musterstadt', { adminEmail: 'Admin@Musterstadt.example' });

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
/** A cancelled transaction: `codes[i]` is the outcome of item i. */
const cancelled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

const storedConfig = {
  PK: 'neuss#TENANT',
  SK: 'CONFIG',
  version: 3,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'someone',
  config: {
    displayName: 'Stadt Neuss',
    ags: '05162024',
    caseNumberPrefix: 'NE',
    contact: { email: 'info@neuss.example' },
    urls: request.urls,
    enabledServices: ['resident-parking'],
    feeSchedules: {},
    parkingZones: [],
  },
};

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  cognito.reset();
});

describe('POST /tenants', () => {
  it('registers the tenant and claims its AGS and prefix in one transaction, then starts onboarding attempt 1', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: countyAdmin, body: request }));
    expect(result.statusCode).toBe(202);
    expect(result.headers.location).toBe('/tenants/musterstadt');
    const [registry, ags, prefix] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(registry!.Put!.Item).toMatchObject({ PK: 'rhein-kreis-neuss#TENANTS', SK: 'TENANT#musterstadt', status: 'onboarding', attempt: 1 });
    expect(registry!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(ags!.Put!.Item).toMatchObject({ PK: 'rhein-kreis-neuss#TENANTS', SK: 'KEY#ags#05162099', tenantId: 'musterstadt' });
    expect(prefix!.Put!.Item).toMatchObject({ PK: 'rhein-kreis-neuss#TENANTS', SK: 'KEY#caseNumberPrefix#MU', tenantId: 'musterstadt' });
    for (const claim of [ags!, prefix!]) expect(claim.Put!.ConditionExpression).toBe('attribute_not_exists(PK) OR tenantId = :tenantId');
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe('musterstadt-attempt-1');
    // Ids only in the workflow: no e-mail address ends up in the execution history.
    expect(JSON.parse(start.input!)).toEqual({ tenantId: 'musterstadt', attempt: 1 });
  });

  it('answers 409 when the tenant id exists, and starts no workflow', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'ConditionalCheckFailed'));
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: countyAdmin, body: request }));
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('musterstadt');
    expect(result.body.errors).toEqual([{ field: 'body/id', message: expect.any(String) }]);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    [['None', 'ConditionalCheckFailed', 'None'], ['body/ags']],
    [['None', 'None', 'ConditionalCheckFailed'], ['body/caseNumberPrefix']],
    [['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'], ['body/ags', 'body/caseNumberPrefix']],
  ])('answers 409 naming the field when another tenant holds it (%j), and starts no workflow', async (codes, fields) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: countyAdmin, body: request }));
    expect(result.statusCode).toBe(409);
    expect(result.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    expect(result.body.detail).toMatch(/anderen Mandanten/);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('sends a transaction that lost a race again, and answers the outcome of the second round', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None', 'None')).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: countyAdmin, body: request }));
    expect(result.statusCode).toBe(409);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('refuses a county-admin group member of a municipality (403)', async () => {
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: { tenantId: 'neuss', roles: ['county-admin'] }, body: request }));
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('marks the tenant failed when the workflow cannot be started, so it is never stuck in onboarding', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(new Error('service unavailable'));
    const result = await call(createTenant, httpEvent({ routeKey: 'POST /tenants', caller: countyAdmin, body: request }));
    expect(result.statusCode).toBe(500);
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'failed', ':from0': 'onboarding' });
  });
});

describe('GET /tenants/{id}', () => {
  it('answers 404 to a tenant admin asking for another tenant, without reading anything', async () => {
    const result = await call(getTenant, httpEvent({ routeKey: 'GET /tenants/{id}', caller: neussAdmin, pathParameters: { id: 'juechen' } }));
    expect(result.statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('gives a tenant admin its own profile and configuration', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#TENANT', SK: 'PROFILE' } }).resolves({ Item: { PK: 'neuss#TENANT', SK: 'PROFILE', tenantId: 'neuss', name: 'Stadt Neuss', ags: '05162024', status: 'active', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } });
    ddb.on(GetCommand, { Key: { PK: 'neuss#TENANT', SK: 'CONFIG' } }).resolves({ Item: storedConfig });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await call(getTenant, httpEvent({ routeKey: 'GET /tenants/{id}', caller: neussAdmin, pathParameters: { id: 'neuss' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ id: 'neuss', status: 'active', configVersion: 3, config: { caseNumberPrefix: 'NE' } });
    expect(result.body.profile.PK).toBeUndefined();
  });
});

describe('PATCH /tenants/{id}/config', () => {
  it('writes the new version conditionally and appends the change to the history', async () => {
    ddb.on(GetCommand).resolves({ Item: storedConfig });
    ddb.on(TransactWriteCommand).resolves({});
    const zones = [{ id: 'A', name: 'Altstadt', streets: [{ street: 'Markt', postcode: '41460' }] }];
    const result = await call(
      updateConfig,
      httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller: neussAdmin, pathParameters: { id: 'neuss' }, body: { parkingZones: zones } }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ version: 4, changed: ['parkingZones'] });
    const [current, history] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(current!.Put!.ConditionExpression).toBe('version = :expected');
    expect(current!.Put!.ExpressionAttributeValues).toEqual({ ':expected': 3 });
    expect(history!.Put!.Item).toMatchObject({ SK: 'CONFIG#v000004', updatedBy: 'user-neuss', changed: ['parkingZones'] });
  });

  it('answers 409 when someone else changed the configuration in between', async () => {
    ddb.on(GetCommand).resolves({ Item: storedConfig });
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );
    const result = await call(
      updateConfig,
      httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller: neussAdmin, pathParameters: { id: 'neuss' }, body: { contact: { email: 'neu@neuss.example' } } }),
    );
    expect(result.statusCode).toBe(409);
  });

  it.each([
    [{ ags: '05162099' }, ['body/ags']],
    [{ caseNumberPrefix: 'NSS' }, ['body/caseNumberPrefix']],
    [{ ags: '05162099', caseNumberPrefix: 'NSS', displayName: 'Neuss' }, ['body/ags', 'body/caseNumberPrefix']],
  ])('refuses a change of the county-assigned keys with 422 naming them (%j), writing nothing', async (body, fields) => {
    ddb.on(GetCommand).resolves({ Item: storedConfig });
    const result = await call(updateConfig, httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller: neussAdmin, pathParameters: { id: 'neuss' }, body }));
    expect(result.statusCode).toBe(422);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('accepts the whole configuration sent back unchanged, AGS and prefix included (200, nothing written)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedConfig });
    const result = await call(
      updateConfig,
      httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller: neussAdmin, pathParameters: { id: 'neuss' }, headers: { 'if-match': '"3"' }, body: storedConfig.config }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ version: 3, changed: [] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 when If-Match names an outdated version', async () => {
    ddb.on(GetCommand).resolves({ Item: storedConfig });
    const result = await call(
      updateConfig,
      httpEvent({
        routeKey: 'PATCH /tenants/{id}/config',
        caller: neussAdmin,
        pathParameters: { id: 'neuss' },
        headers: { 'if-match': '"2"' },
        body: { caseNumberPrefix: 'NSS' },
      }),
    );
    expect(result.statusCode).toBe(409);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('rejects an invalid zone with the failing field, and a change to another tenant with 404', async () => {
    const invalid = await call(
      updateConfig,
      httpEvent({
        routeKey: 'PATCH /tenants/{id}/config',
        caller: neussAdmin,
        pathParameters: { id: 'neuss' },
        body: { parkingZones: [{ id: 'A', name: 'Altstadt', streets: [{ street: 'Markt', postcode: '4146' }] }] },
      }),
    );
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body.errors[0].field).toBe('body/parkingZones/0/streets/0/postcode');

    const foreign = await call(
      updateConfig,
      httpEvent({ routeKey: 'PATCH /tenants/{id}/config', caller: neussAdmin, pathParameters: { id: 'juechen' }, body: { caseNumberPrefix: 'JX' } }),
    );
    expect(foreign.statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /tenants/{id}/retry', () => {
  const failedEntry = (attempt: number) => ({ Item: { tenantId: 'musterstadt', name: request.name, ags: request.ags, status: 'failed', attempt, request } });
  const retry = (body?: unknown) =>
    call(retryOnboarding, httpEvent({ routeKey: 'POST /tenants/{id}/retry', caller: countyAdmin, pathParameters: { id: 'musterstadt' }, ...(body ? { body } : {}) }));

  it('answers 409 unless the onboarding failed', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...failedEntry(1).Item, status: 'active' } });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    const result = await retry();
    expect(result.statusCode).toBe(409);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('starts the next attempt of a failed onboarding, conditional on the attempt it saw', async () => {
    ddb.on(GetCommand).resolves(failedEntry(2));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const result = await retry();
    expect(result.statusCode).toBe(202);
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name).toBe('musterstadt-attempt-3');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(1);
    expect(items[0]!.Update!.ConditionExpression).toBe('#status = :from AND #attempt = :previous');
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':from': 'failed', ':previous': 2, ':attempt': 3, ':request': request });
  });

  it('stores corrected fields for the new attempt and moves a changed AGS claim in the same transaction', async () => {
    ddb.on(GetCommand).resolves(failedEntry(1));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const result = await retry({ adminEmail: 'neue-admin@musterstadt.example', ags: '05162098', name: 'Stadt Musterstadt' });
    expect(result.statusCode).toBe(202);
    const [registry, claim, release] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(registry!.Update!.ExpressionAttributeValues).toMatchObject({
      ':request': { ...request, adminEmail: 'neue-admin@musterstadt.example', ags: '05162098', name: 'Stadt Musterstadt' },
      ':name': 'Stadt Musterstadt',
      ':ags': '05162098',
    });
    expect(claim!.Put!.Item).toMatchObject({ SK: 'KEY#ags#05162098', tenantId: 'musterstadt' });
    expect(release!.Delete!.Key).toEqual({ PK: 'rhein-kreis-neuss#TENANTS', SK: 'KEY#ags#05162099' });
    expect(release!.Delete!.ConditionExpression).toBe('attribute_not_exists(PK) OR tenantId = :tenantId');
    // Still ids only in the workflow input.
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!)).toEqual({ tenantId: 'musterstadt', attempt: 2 });
  });

  it('answers 409 naming the field when a corrected prefix belongs to another tenant, and starts nothing', async () => {
    ddb.on(GetCommand).resolves(failedEntry(1));
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const result = await retry({ caseNumberPrefix: 'NE' });
    expect(result.statusCode).toBe(409);
    expect(result.body.errors).toEqual([{ field: 'body/caseNumberPrefix', message: expect.stringContaining('NE') }]);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('validates the corrections like an onboarding request: the id cannot change, unknown fields are refused', async () => {
    const result = await retry({ id: 'andere-stadt', adminEmail: 'keine-adresse', extra: true });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body/adminEmail', 'body/extra', 'body/id']);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('onboarding steps', () => {
  const registryEntry = { Item: { tenantId: 'musterstadt', status: 'onboarding', attempt: 1, request, createdBy: 'u' } };

  it('creates the first admin in the tenant-admin group with the tenant attribute', async () => {
    ddb.on(GetCommand).resolves(registryEntry);
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    await createAdmin({ tenantId: 'musterstadt', attempt: 1 }, testContext);
    const created = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(created.Username).toBe('admin@musterstadt.example');
    expect(created.UserAttributes).toContainEqual({ Name: 'custom:tenantId', Value: 'musterstadt' });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input.GroupName).toBe('tenant-admin');
  });

  it('never reuses an account of another tenant as admin', async () => {
    ddb.on(GetCommand).resolves(registryEntry);
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:tenantId', Value: 'neuss' }] });
    await expect(createAdmin({ tenantId: 'musterstadt', attempt: 1 }, testContext)).rejects.toMatchObject({ name: 'AdminEmailInUse' });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('applies a retry\'s corrections to the profile and configuration an earlier attempt created, as a recorded change', async () => {
    const corrected = { ...request, name: 'Stadt Musterstadt', contact: { email: 'rathaus@musterstadt.example' } };
    ddb.on(GetCommand, { Key: { PK: 'rhein-kreis-neuss#TENANTS', SK: 'TENANT#musterstadt' } }).resolves({
      Item: { tenantId: 'musterstadt', name: corrected.name, ags: corrected.ags, status: 'onboarding', attempt: 2, request: corrected, createdBy: 'u', retriedBy: 'county-1' },
    });
    ddb.on(GetCommand, { Key: { PK: 'musterstadt#TENANT', SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: defaultConfig(request) } });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None')).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await createProfile({ tenantId: 'musterstadt', attempt: 2 }, testContext);
    const profile = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(profile.Key).toEqual({ PK: 'musterstadt#TENANT', SK: 'PROFILE' });
    expect(profile.ExpressionAttributeValues).toMatchObject({ ':name': 'Stadt Musterstadt', ':onboarding': 'onboarding' });
    const [config, history] = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(config!.Put!.Item).toMatchObject({ version: 2, updatedBy: 'county-1', config: { displayName: 'Stadt Musterstadt', contact: corrected.contact } });
    expect(history!.Put!.Item).toMatchObject({ SK: 'CONFIG#v000002', changed: ['displayName', 'contact'] });
  });

  it('rejects malformed task input with a named error', async () => {
    await expect(createAdmin({ tenantId: 'Not Valid' }, testContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });

  it('marks the tenant failed with a reason a county admin understands', async () => {
    ddb.on(UpdateCommand).resolves({});
    await markFailed({ tenantId: 'musterstadt', attempt: 1, error: { Error: 'AdminEmailInUse', Cause: '{}' } }, testContext);
    const values = ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!;
    expect(values[':to']).toBe('failed');
    expect(values[':reason']).toContain('E-Mail-Adresse');
  });
});
