import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '#core/cognito';
import { requireEnv } from '#core/config';
import { tableFor } from '#core/ddb';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { getTenantRecord, TenantNotRegistered } from '../store.ts';
import { onboardingStepInput } from './steps.ts';

const USER_POOL_ID = requireEnv('USER_POOL_ID');

export class AdminEmailInUse extends Error {
  override readonly name = 'AdminEmailInUse';
}

/**
 * Onboarding step 2: the first tenant admin. Cognito sends the invitation with a temporary password. Repeating the
 * step finds the user it created before; a user of another tenant with the same e-mail is an error, never reused.
 */
export const handler = taskHandler(onboardingStepInput, async ({ tenantId }) => {
  const record = await getTenantRecord(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, tenantId);
  if (!record) throw new TenantNotRegistered(`Tenant ${tenantId} is not in the registry`);
  const username = record.request.adminEmail.toLowerCase();
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: USER_POOL_ID,
        Username: username,
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [
          { Name: 'email', Value: username },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:tenantId', Value: tenantId },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
    const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
    const owner = existing.UserAttributes?.find((attribute) => attribute.Name === 'custom:tenantId')?.Value;
    if (owner !== tenantId) throw new AdminEmailInUse(`The admin e-mail of ${tenantId} belongs to another tenant`);
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: USER_POOL_ID, Username: username, GroupName: 'tenant-admin' }));
  return { tenantId, admin: 'ready' };
});
