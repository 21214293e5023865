/**
 * The employees' user accounts in Cognito: the sign-in of the learning platform. The account's `sub` is the
 * employee id; `custom:tenantId` (immutable) says which municipality the person belongs to.
 *
 * The pool signs in with the e-mail address (an alias), so the e-mail is the user name in every call.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '#core/cognito';
import { requireEnv } from '#core/config';

const USER_POOL_ID = requireEnv('USER_POOL_ID');

/** The group (role) of learners. */
export const EMPLOYEE_GROUP = 'employee';

/**
 * What an e-mail address is to an import of one tenant:
 * - `free`: no account — one is created in the tenant;
 * - `ours`: an enabled account of the tenant — reused;
 * - `unavailable`: an account the tenant cannot take — one of ANOTHER tenant (a municipality or the county), or a
 *   disabled one of its own. The reasons are one state on purpose: the import must not be able to tell, and so never
 *   tell a municipality, whether or where an account exists outside its administration.
 */
export type AccountLookup = { state: 'free' } | { state: 'ours'; userId: string } | { state: 'unavailable' };

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((entry) => entry.Name === name)?.Value;
}

function userIdOf(attributes: AttributeType[] | undefined, username: string | undefined): string {
  const id = attribute(attributes, 'sub') ?? username;
  if (!id) throw new Error('Cognito returned a user without sub');
  return id;
}

export async function lookupAccount(tenantId: string, email: string): Promise<AccountLookup> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
    if (attribute(user.UserAttributes, 'custom:tenantId') !== tenantId || user.Enabled === false) return { state: 'unavailable' };
    return { state: 'ours', userId: userIdOf(user.UserAttributes, user.Username) };
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return { state: 'free' };
    throw error;
  }
}

/**
 * Makes sure the person has an account of `tenantId` in the `employee` group and returns its id. A new account gets
 * Cognito's invitation e-mail with a temporary password; an existing one of the same tenant is reused as it is.
 * Undefined when the address is `unavailable` — also when it became so between the lookup and the creation (a
 * parallel import or onboarding took it): the caller answers both the same way.
 */
export async function ensureEmployeeAccount(
  tenantId: string,
  person: { email: string; name: string },
  known: AccountLookup,
): Promise<{ userId: string; created: boolean } | undefined> {
  if (known.state === 'unavailable') return undefined;
  let account: { userId: string; created: boolean };
  if (known.state === 'ours') {
    account = { userId: known.userId, created: false };
  } else {
    try {
      const created = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: USER_POOL_ID,
          Username: person.email,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: person.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: person.name },
            { Name: 'custom:tenantId', Value: tenantId },
          ],
        }),
      );
      account = { userId: userIdOf(created.User?.Attributes, created.User?.Username), created: true };
    } catch (error) {
      if ((error as Error).name !== 'UsernameExistsException') throw error;
      // Created in the meantime: reuse it if it is ours, never if it is another tenant's.
      const again = await lookupAccount(tenantId, person.email);
      if (again.state !== 'ours') return undefined;
      account = { userId: again.userId, created: false };
    }
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: USER_POOL_ID, Username: person.email, GroupName: EMPLOYEE_GROUP }));
  return account;
}
