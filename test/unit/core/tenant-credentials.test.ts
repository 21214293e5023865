import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::123456789012:role/openkreis-dev-tenant-access';

describe('tenant-scoped table access', () => {
  beforeEach(() => {
    sts.reset();
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIA-TEST', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
    });
    vi.resetModules();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('assumes the tenant access role with the caller\'s tenant as session tag, one client per tenant', async () => {
    vi.stubEnv('TENANT_ACCESS_ROLE_ARN', ROLE);
    const { tableFor, systemTable } = await import('../../../functions/core/ddb.ts');
    const neuss = tableFor('neuss');
    expect(tableFor('neuss')).toBe(neuss);
    expect(neuss).not.toBe(systemTable);
    expect(tableFor('juechen')).not.toBe(neuss);

    const credentials = await neuss.config.credentials();
    expect(credentials.accessKeyId).toBe('ASIA-TEST');
    const input = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(input.RoleArn).toBe(ROLE);
    expect(input.Tags).toEqual([{ Key: 'TenantId', Value: 'neuss' }]);
    expect(input.RoleSessionName).toBe('tenant-neuss');
  });

  it('uses the function\'s own credentials where the infrastructure injects no tenant role (workflow steps, local)', async () => {
    vi.stubEnv('TENANT_ACCESS_ROLE_ARN', '');
    const { tableFor, systemTable } = await import('../../../functions/core/ddb.ts');
    expect(tableFor('neuss')).toBe(systemTable);
    expect(sts.calls()).toHaveLength(0);
  });
});
