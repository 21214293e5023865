import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  paginateListGroups,
  paginateListUserPoolClients,
  paginateListUserPools,
  type AttributeType,
  type CreateUserPoolClientRequest,
  type CreateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { localClientConfig } from './aws-clients.ts';
import { LOCAL_ISSUER_DOMAIN } from './cognito-local.ts';
import { TRUST_LEVEL_CLAIM, type TrustLevel } from '#core/trust-level';
import {
  literal,
  nameOf,
  refOf,
  resourcesOfType,
  UnsupportedTemplateValue,
  type CloudFormationTemplate,
  type TemplateResource,
} from './template.ts';

/** A user pool as the local runtime and tests need it; `issuer` and `aud` are what a JWT verifier checks. */
export interface LocalUserPool {
  /** The cognito-local endpoint the pool lives in. */
  endpoint: string;
  userPoolId: string;
  userPoolName: string;
  /** The first client of the pool in the template: the audience (`aud`) of its ID tokens. */
  userPoolClientId: string;
  /** Every client of the pool, keyed by logical id. */
  clientIds: Record<string, string>;
  groups: string[];
  issuer: string;
  jwksUrl: string;
}

/**
 * Creates the template's pools, groups and clients that do not exist yet (found by name, so restarts reuse them).
 * Returns every pool by logical id, and the logical ids created now.
 */
export async function ensureUserPools(
  template: CloudFormationTemplate,
  endpoint: string,
): Promise<{ pools: Record<string, LocalUserPool>; created: string[] }> {
  const client = cognitoClient(endpoint);
  const created: string[] = [];
  const pools = await ensurePools(client, template, endpoint, created);
  await ensureGroups(client, template, pools, created);
  await ensureClients(client, template, pools, created);
  return { pools, created };
}

async function ensurePools(
  client: CognitoIdentityProviderClient,
  template: CloudFormationTemplate,
  endpoint: string,
  created: string[],
): Promise<Record<string, LocalUserPool>> {
  const pools: Record<string, LocalUserPool> = {};
  for (const resource of resourcesOfType(template, 'AWS::Cognito::UserPool')) {
    const name = nameOf(resource, 'UserPoolName', resource.logicalId);
    let userPoolId = await findUserPoolId(client, name);
    if (!userPoolId) {
      userPoolId = await createUserPool(client, name, resource);
      created.push(resource.logicalId);
    }
    const issuer = `${LOCAL_ISSUER_DOMAIN}/${userPoolId}`;
    pools[resource.logicalId] = {
      endpoint,
      userPoolId,
      userPoolName: name,
      userPoolClientId: '', // set by ensureClients
      clientIds: {},
      groups: [],
      issuer,
      jwksUrl: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    };
  }
  return pools;
}

async function ensureGroups(
  client: CognitoIdentityProviderClient,
  template: CloudFormationTemplate,
  pools: Record<string, LocalUserPool>,
  created: string[],
) {
  for (const resource of resourcesOfType(template, 'AWS::Cognito::UserPoolGroup')) {
    const pool = poolFor(pools, resource.logicalId, refOf(resource, 'UserPoolId'));
    const groupName = nameOf(resource, 'GroupName', resource.logicalId);
    if (await ensureGroup(client, pool.userPoolId, groupName, resource)) created.push(resource.logicalId);
    pool.groups.push(groupName);
  }
}

async function ensureClients(
  client: CognitoIdentityProviderClient,
  template: CloudFormationTemplate,
  pools: Record<string, LocalUserPool>,
  created: string[],
) {
  for (const resource of resourcesOfType(template, 'AWS::Cognito::UserPoolClient')) {
    const pool = poolFor(pools, resource.logicalId, refOf(resource, 'UserPoolId'));
    const clientName = nameOf(resource, 'ClientName', resource.logicalId);
    let clientId = await findClientId(client, pool.userPoolId, clientName);
    if (!clientId) {
      clientId = await createClient(client, pool.userPoolId, clientName, resource);
      created.push(resource.logicalId);
    }
    pool.clientIds[resource.logicalId] = clientId;
    pool.userPoolClientId ||= clientId;
  }
  for (const [logicalId, pool] of Object.entries(pools)) {
    if (!pool.userPoolClientId) {
      throw new UnsupportedTemplateValue(`${logicalId}: the user pool has no AWS::Cognito::UserPoolClient; ` +
        'local sign-in needs one');
    }
  }
}

function poolFor(pools: Record<string, LocalUserPool>, logicalId: string, poolLogicalId: string): LocalUserPool {
  const pool = pools[poolLogicalId];
  if (!pool) throw new UnsupportedTemplateValue(`${logicalId}: UserPoolId refers to ${poolLogicalId}, not a user pool`);
  return pool;
}

async function findUserPoolId(client: CognitoIdentityProviderClient, name: string): Promise<string | undefined> {
  for await (const page of paginateListUserPools({ client }, { MaxResults: 60 })) {
    const match = page.UserPools?.find((pool) => pool.Name === name);
    if (match?.Id) return match.Id;
  }
  return undefined;
}

async function createUserPool(client: CognitoIdentityProviderClient, name: string, resource: TemplateResource) {
  // The template's spelling of these properties is the API's; custom attributes are named without `custom:` in both.
  const response = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      Schema: literal<CreateUserPoolRequest['Schema']>(resource, 'Schema'),
      UsernameAttributes: literal<CreateUserPoolRequest['UsernameAttributes']>(resource, 'UsernameAttributes'),
      AutoVerifiedAttributes: literal<CreateUserPoolRequest['AutoVerifiedAttributes']>(resource, 'AutoVerifiedAttributes'),
      Policies: literal<CreateUserPoolRequest['Policies']>(resource, 'Policies'),
    }),
  );
  const id = response.UserPool?.Id;
  if (!id) throw new Error(`cognito-local returned no id for user pool ${name}`);
  return id;
}

/** True when the group was created. Looked up first, because AWS rejects a duplicate CreateGroup. */
async function ensureGroup(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  groupName: string,
  resource: TemplateResource,
): Promise<boolean> {
  // ListGroups, not GetGroup: cognito-local 5.3 answers GetGroup in a pool without groups with a 500.
  for await (const page of paginateListGroups({ client }, { UserPoolId: userPoolId, Limit: 60 })) {
    if (page.Groups?.some((group) => group.GroupName === groupName)) return false;
  }
  await client.send(
    new CreateGroupCommand({
      UserPoolId: userPoolId,
      GroupName: groupName,
      Description: literal<string>(resource, 'Description'),
      Precedence: literal<number>(resource, 'Precedence'),
    }),
  );
  return true;
}

async function findClientId(client: CognitoIdentityProviderClient, userPoolId: string, name: string) {
  for await (const page of paginateListUserPoolClients({ client }, { UserPoolId: userPoolId, MaxResults: 60 })) {
    const match = page.UserPoolClients?.find((candidate) => candidate.ClientName === name);
    if (match?.ClientId) return match.ClientId;
  }
  return undefined;
}

/**
 * The local client always allows ADMIN_USER_PASSWORD_AUTH: seeding and `POST /local/token` sign users in with it,
 * while the deployed client (SRP from the browser) need not allow it.
 */
async function createClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientName: string,
  resource: TemplateResource,
): Promise<string> {
  const flows = new Set(literal<string[]>(resource, 'ExplicitAuthFlows') ?? []);
  flows.add('ALLOW_ADMIN_USER_PASSWORD_AUTH');
  flows.add('ALLOW_REFRESH_TOKEN_AUTH');
  const response = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: clientName,
      ExplicitAuthFlows: [...flows] as CreateUserPoolClientRequest['ExplicitAuthFlows'],
      AccessTokenValidity: literal<number>(resource, 'AccessTokenValidity'),
      IdTokenValidity: literal<number>(resource, 'IdTokenValidity'),
      RefreshTokenValidity: literal<number>(resource, 'RefreshTokenValidity'),
      TokenValidityUnits: literal<CreateUserPoolClientRequest['TokenValidityUnits']>(resource, 'TokenValidityUnits'),
    }),
  );
  const id = response.UserPoolClient?.ClientId;
  if (!id) throw new Error(`cognito-local returned no id for client ${clientName}`);
  return id;
}

export interface LocalUser {
  /** Email-shaped: cognito-local pools sign in by email. */
  username: string;
  password: string;
  tenantId: string;
  groups: string[];
  name?: string;
  /** The trust level a sign-in of this user carries (`custom:trustLevel`): locally, a simulated eID sign-in. */
  trustLevel?: TrustLevel;
}

/**
 * Creates a confirmed user with a permanent password in the given groups. Idempotent: an existing user keeps its
 * attributes (`custom:tenantId` is immutable anyway), gets the password set again and is added to missing groups.
 * Returns the user's `sub`, the id that data written by or for the user refers to.
 */
export async function createUser(pool: LocalUserPool, user: LocalUser): Promise<{ sub: string; created: boolean }> {
  const client = cognitoClient(pool.endpoint);
  const { userPoolId } = pool;
  let created = true;
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        MessageAction: 'SUPPRESS',
        UserAttributes: userAttributes(user),
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
    created = false;
    if (user.trustLevel) await setTrustLevel(pool, user.username, user.trustLevel);
  }
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      Password: user.password,
      Permanent: true,
    }),
  );
  for (const group of user.groups) {
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: group }));
  }
  const stored = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }));
  const sub = stored.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new Error(`cognito-local returned no sub for ${user.username}`);
  return { sub, created };
}

function userAttributes(user: LocalUser): AttributeType[] {
  const attributes: AttributeType[] = [
    { Name: 'email', Value: user.username },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'custom:tenantId', Value: user.tenantId },
  ];
  if (user.name) attributes.push({ Name: 'name', Value: user.name });
  if (user.trustLevel) attributes.push({ Name: TRUST_LEVEL_CLAIM, Value: user.trustLevel });
  return attributes;
}

/**
 * Sets the trust level the user's next sign-ins carry — what Cognito's attribute mapping does at a federated BundID
 * sign-in in AWS. `none`: a sign-in with username and password only (a value no check accepts).
 */
export async function setTrustLevel(pool: LocalUserPool, username: string, level: TrustLevel | 'none'): Promise<void> {
  await cognitoClient(pool.endpoint).send(
    new AdminUpdateUserAttributesCommand({ UserPoolId: pool.userPoolId, Username: username, UserAttributes: [{ Name: TRUST_LEVEL_CLAIM, Value: level }] }),
  );
}

/** Signs in with ADMIN_USER_PASSWORD_AUTH and returns the ID token (it carries tenant and groups). */
export async function signIn(pool: LocalUserPool, username: string, password: string): Promise<string> {
  const response = await cognitoClient(pool.endpoint).send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.userPoolClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const idToken = response.AuthenticationResult?.IdToken;
  if (!idToken) {
    throw new Error(`Sign-in of ${username} returned no ID token (challenge: ${response.ChallengeName ?? 'none'})`);
  }
  return idToken;
}

/** One client per endpoint: seeding creates many users, and each new client would open new connections. */
const clients = new Map<string, CognitoIdentityProviderClient>();

function cognitoClient(endpoint: string): CognitoIdentityProviderClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = new CognitoIdentityProviderClient(localClientConfig(endpoint));
    clients.set(endpoint, client);
  }
  return client;
}
