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
import { Conflict } from '#core/problem';

const USER_POOL_ID = requireEnv('USER_POOL_ID');

/** The group (role) of learners. */
export const EMPLOYEE_GROUP = 'employee';

export type AccountLookup = { state: 'none' } | { state: 'own'; userId: string } | { state: 'foreign' };

/** The e-mail was free when checked but belongs to another tenant's account when it was created (a race). */
export class AccountTakenDuringImport extends Conflict {}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((entry) => entry.Name === name)?.Value;
}

function userIdOf(attributes: AttributeType[] | undefined, username: string | undefined): string {
  const id = attribute(attributes, 'sub') ?? username;
  if (!id) throw new Error('Cognito returned a user without sub');
  return id;
}

/** Who owns the e-mail address: nobody, a user of `tenantId`, or a user of another tenant. */
export async function lookupAccount(tenantId: string, email: string): Promise<AccountLookup> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
    if (attribute(user.UserAttributes, 'custom:tenantId') !== tenantId) return { state: 'foreign' };
    return { state: 'own', userId: userIdOf(user.UserAttributes, user.Username) };
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return { state: 'none' };
    throw error;
  }
}

/**
 * Makes sure the person has an account of `tenantId` in the `employee` group and returns its id. A new account gets
 * Cognito's invitation e-mail with a temporary password; an existing one of the same tenant is reused as it is.
 */
export async function ensureEmployeeAccount(
  tenantId: string,
  person: { email: string; name: string },
  known: AccountLookup,
): Promise<{ userId: string; created: boolean }> {
  if (known.state === 'foreign') throw new AccountTakenDuringImport('Die E-Mail-Adresse gehört zu einem anderen Konto.');
  let account: { userId: string; created: boolean };
  if (known.state === 'own') {
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
      // Created in the meantime (a parallel import): reuse it if it is ours, never if it is another tenant's.
      const again = await lookupAccount(tenantId, person.email);
      if (again.state !== 'own') {
        throw new AccountTakenDuringImport(
          'Eine E-Mail-Adresse der Datei wurde während des Imports einem anderen Konto zugeordnet. Bitte importieren Sie die Datei erneut.',
        );
      }
      account = { userId: again.userId, created: false };
    }
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: USER_POOL_ID, Username: person.email, GroupName: EMPLOYEE_GROUP }));
  return account;
}
