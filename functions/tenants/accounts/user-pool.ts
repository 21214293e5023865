/**
 * The tenant accounts in the user pool, as the deactivation job sees them. Cognito cannot filter users by a custom
 * attribute, so the job pages through the pool (60 users a page) and keeps those whose immutable `custom:tenantId` is
 * the tenant's. Only `sub` and the tenant attribute are asked for: no names or e-mail addresses pass through the job.
 * Accounts are addressed by `sub`, which Cognito accepts as the user name in every Admin call.
 */
import { AdminDisableUserCommand, AdminEnableUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '#core/cognito';
import { requireEnv } from '#core/config';

const USER_POOL_ID = requireEnv('USER_POOL_ID');

export interface PoolAccount {
  sub: string;
  tenantId: string | undefined;
  enabled: boolean;
}

export async function accountsPage(cursor: string | undefined): Promise<{ accounts: PoolAccount[]; cursor?: string }> {
  const page = await cognito.send(
    new ListUsersCommand({ UserPoolId: USER_POOL_ID, Limit: 60, AttributesToGet: ['sub', 'custom:tenantId'], ...(cursor ? { PaginationToken: cursor } : {}) }),
  );
  const accounts = (page.Users ?? []).map((user) => {
    const attribute = (name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;
    return { sub: attribute('sub') ?? '', tenantId: attribute('custom:tenantId'), enabled: user.Enabled !== false };
  });
  return { accounts: accounts.filter((account) => account.sub !== ''), ...(page.PaginationToken ? { cursor: page.PaginationToken } : {}) };
}

export async function disableAccount(sub: string): Promise<void> {
  await cognito.send(new AdminDisableUserCommand({ UserPoolId: USER_POOL_ID, Username: sub }));
}

/** Enables the account; one deleted in the meantime is nothing to enable. */
export async function enableAccount(sub: string): Promise<void> {
  try {
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: USER_POOL_ID, Username: sub }));
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
  }
}
