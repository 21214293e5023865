import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsEnvironment, localClientConfig, localS3ClientConfig } from '#infra/local/emulators/aws-clients';
import { bootstrapResources } from '#infra/local/emulators/bootstrap';
import { LOCAL_ISSUER_DOMAIN, startCognitoLocal, type RunningCognitoLocal } from '#infra/local/emulators/cognito-local';
import { createUser, signIn } from '#infra/local/emulators/cognito-pools';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '#infra/local/emulators/dynamodb-local';
import { freePort, waitFor, type RunningEmulator } from '#infra/local/emulators/lifecycle';
import { startS3 } from '#infra/local/emulators/s3';
import { startSesLocal, type RunningSesLocal } from '#infra/local/emulators/ses-local';
import type { CloudFormationTemplate } from '#infra/local/emulators/template';

const START_TIMEOUT_MS = 30_000;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-emulators-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** What CDK's `TableV2` synthesizes for the single table (trimmed to what matters locally, plus replica noise). */
function tableTemplate(indexes: string[] = ['GSI1']): CloudFormationTemplate {
  return {
    Resources: {
      DataTable1A2B3C4D: {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          TableName: 'openkreis-test',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'PK', AttributeType: 'S' },
            { AttributeName: 'SK', AttributeType: 'S' },
            ...indexes.flatMap((index) => [
              { AttributeName: `${index}PK`, AttributeType: 'S' },
              { AttributeName: `${index}SK`, AttributeType: 'S' },
            ]),
          ],
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index,
            KeySchema: [
              { AttributeName: `${index}PK`, KeyType: 'HASH' },
              { AttributeName: `${index}SK`, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [
            {
              Region: 'eu-central-1',
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
            },
          ],
        },
      },
    },
  };
}

/**
 * Handlers build their clients with `new XClient({})` and rely on the environment the local runtime sets, so some
 * tests construct clients the same way, inside the environment of `localAwsEnvironment`.
 */
async function withEnvironment<T>(variables: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const item = (pk: string, sk: string, extra: Record<string, { S: string }> = {}) => ({
  PK: { S: pk },
  SK: { S: sk },
  ...extra,
});

describe('waitFor', () => {
  it('returns the first value the probe produces after it stops failing', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls === 3 ? false : 'ready';
      },
      { timeoutMs: 2_000, intervalMs: 5 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(4);
  });

  it('times out with the last failure of the probe as cause', async () => {
    const waiting = waitFor(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 50, intervalMs: 10, description: 'the moon' },
    );
    await expect(waiting).rejects.toThrow('waiting for the moon');
    await expect(waiting).rejects.toHaveProperty('cause.message', 'connection refused');
  });
});

describe('DynamoDB Local', () => {
  let dynamodb: RunningDynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamodb = await startDynamoDbLocal({ port: await freePort() });
    client = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
  });

  it('listens on the loopback interface only', () => {
    expect(dynamodb.binding).toBe('loopback');
    expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('creates the table of a GlobalTable template with its index, stream and time to live', async () => {
    const result = await bootstrapResources(tableTemplate(), { dynamodb: dynamodb.endpoint });

    expect(result.tables).toEqual({ DataTable1A2B3C4D: 'openkreis-test' });
    expect(result.created).toEqual(['DataTable1A2B3C4D']);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'openkreis-test' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['GSI1']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBeTruthy();
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'openkreis-test' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    await client.send(
      new PutItemCommand({
        TableName: 'openkreis-test',
        Item: item('neuss#APP#1', 'META', { GSI1PK: { S: 'neuss#INBOX' }, GSI1SK: { S: '2026-11-01' } }),
      }),
    );
    const inbox = await client.send(
      new QueryCommand({
        TableName: 'openkreis-test',
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'neuss#INBOX' } },
      }),
    );
    expect(inbox.Items?.map((found) => found.PK?.S)).toEqual(['neuss#APP#1']);
  });

  it('cancels a transaction whose condition fails and names the failing action', async () => {
    const transaction = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'openkreis-test', Item: item('neuss#APP#2', 'META') } },
          {
            Put: {
              TableName: 'openkreis-test',
              Item: item('neuss#APP#1', 'META'),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );

    const error = await transaction.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    const untouched = await client.send(
      new GetItemCommand({ TableName: 'openkreis-test', Key: item('neuss#APP#2', 'META') }),
    );
    expect(untouched.Item).toBeUndefined();
  });

  it('leaves an existing table and its items alone when bootstrapped again', async () => {
    const again = await bootstrapResources(tableTemplate(), { dynamodb: dynamodb.endpoint });

    expect(again.created).toEqual([]);
    expect(again.tables).toEqual({ DataTable1A2B3C4D: 'openkreis-test' });
    const kept = await client.send(
      new GetItemCommand({ TableName: 'openkreis-test', Key: item('neuss#APP#1', 'META') }),
    );
    expect(kept.Item?.GSI1PK?.S).toBe('neuss#INBOX');
  });

  it('adds an index the template gained since the table was created, keeping the items', async () => {
    await bootstrapResources(tableTemplate(['GSI1', 'GSI2']), { dynamodb: dynamodb.endpoint });

    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'openkreis-test' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
    expect(Table?.ItemCount).toBe(1);
  });

  it('rejects a table name that is an intrinsic function, naming the resource', async () => {
    const template = tableTemplate();
    const table = template.Resources?.DataTable1A2B3C4D;
    if (!table?.Properties) throw new Error('fixture has no table');
    table.Properties.TableName = { 'Fn::Join': ['-', ['openkreis', { Ref: 'AWS::StackName' }]] };

    await expect(bootstrapResources(template, { dynamodb: dynamodb.endpoint })).rejects.toThrow(
      /DataTable1A2B3C4D \(AWS::DynamoDB::GlobalTable\): TableName contains an intrinsic function/,
    );
  });

  it('keeps the data in dataDir across a stop and a start', async () => {
    const dataDir = path.join(scratch, 'dynamodb');
    const first = await startDynamoDbLocal({ port: await freePort(), dataDir });
    const firstClient = new DynamoDBClient(localClientConfig(first.endpoint));
    await bootstrapResources(tableTemplate(), { dynamodb: first.endpoint });
    await firstClient.send(new PutItemCommand({ TableName: 'openkreis-test', Item: item('kaarst#X', 'META') }));
    firstClient.destroy();
    await first.stop();

    const second = await startDynamoDbLocal({ port: await freePort(), dataDir });
    const secondClient = new DynamoDBClient(localClientConfig(second.endpoint));
    try {
      const result = await bootstrapResources(tableTemplate(), { dynamodb: second.endpoint });
      const found = await secondClient.send(
        new GetItemCommand({ TableName: 'openkreis-test', Key: item('kaarst#X', 'META') }),
      );
      expect(result.created).toEqual([]);
      expect(found.Item?.PK?.S).toBe('kaarst#X');
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  }, START_TIMEOUT_MS);

  it('refuses a port that is already taken instead of talking to whatever listens there', async () => {
    await expect(startDynamoDbLocal({ port: dynamodb.port })).rejects.toThrow(`Port ${dynamodb.port} on 127.0.0.1 is already in use`);
  });

  it('rejects with the output of the JVM when it dies while starting', async () => {
    await expect(startDynamoDbLocal({ port: await freePort(), javaOptions: ['-Xmx1k'] })).rejects.toThrow(
      /DynamoDB Local exited with code 1 before it was ready:[\s\S]*heap/,
    );
  }, START_TIMEOUT_MS);

  it('explains that Java is missing when there is no java on PATH', async () => {
    const originalPath = process.env.PATH;
    process.env.PATH = path.join(scratch, 'no-java-here');
    try {
      await expect(startDynamoDbLocal({ port: await freePort() })).rejects.toThrow(/`java` was not found on PATH/);
    } finally {
      process.env.PATH = originalPath;
    }
  });
});

describe('S3 (s3rver)', () => {
  let s3: RunningEmulator;
  let client: S3Client;
  const Bucket = 'openkreis-test-documents';

  beforeAll(async () => {
    s3 = await startS3({ port: await freePort(), directory: path.join(scratch, 's3') });
    client = new S3Client(localS3ClientConfig(s3.endpoint));
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  const bucketTemplate: CloudFormationTemplate = {
    Resources: {
      DocumentsBucketAE41E5A9: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: Bucket,
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } },
            ],
          },
        },
      },
    },
  };

  it('creates the bucket of the template once and says that versioning is not available', async () => {
    const first = await bootstrapResources(bucketTemplate, { s3: s3.endpoint });
    const second = await bootstrapResources(bucketTemplate, { s3: s3.endpoint });

    expect(first.buckets).toEqual({ DocumentsBucketAE41E5A9: Bucket });
    expect(first.created).toEqual(['DocumentsBucketAE41E5A9']);
    expect(second.created).toEqual([]);
    expect(first.notes).toEqual([expect.stringMatching(/DocumentsBucketAE41E5A9 .*versioning is not supported/)]);
  });

  it("lets the local site's origin upload with a presigned URL (the template's CORS rules), and no other origin", async () => {
    const Bucket = 'openkreis-test-uploads';
    const template: CloudFormationTemplate = {
      Resources: {
        UploadsBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: Bucket,
            CorsConfiguration: { CorsRules: [{ AllowedMethods: ['PUT', 'GET'], AllowedOrigins: ['https://service.example'], AllowedHeaders: ['content-type'], MaxAge: 3600 }] },
          },
        },
      },
    };
    await bootstrapResources(template, { s3: s3.endpoint }, { siteOrigins: ['http://localhost:4123'] });
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${Bucket}/neuss/scan.pdf`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://localhost:4123');
    expect(allowed.status).toBe(200);
    // s3rver answers an allowed preflight with `*` (S3 names the origin); either lets the browser send the PUT.
    expect(allowed.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:4123)$/);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    // The template's own origin is the deployed site's; locally only the local site is allowed.
    for (const origin of ['https://service.example', 'http://localhost:9999']) {
      const refused = await preflight(origin);
      expect(refused.status, origin).toBe(403);
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('stores a streamed body byte for byte when the client is configured through the environment', async () => {
    const bytes = randomBytes(300 * 1024);
    const file = path.join(scratch, 'upload.bin');
    await writeFile(file, bytes);

    const stored = await withEnvironment(localAwsEnvironment({ s3: s3.endpoint }), async () => {
      const handlerClient = new S3Client({});
      try {
        await handlerClient.send(
          new PutObjectCommand({ Bucket, Key: 'neuss/upload.bin', Body: createReadStream(file) }),
        );
        const object = await handlerClient.send(new GetObjectCommand({ Bucket, Key: 'neuss/upload.bin' }));
        return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      } finally {
        handlerClient.destroy();
      }
    });

    expect(stored.length).toBe(bytes.length);
    expect(stored.equals(bytes)).toBe(true);
  });

  it('rejects a busy port instead of crashing the process', async () => {
    await expect(startS3({ port: s3.port, directory: path.join(scratch, 's3-busy') })).rejects.toThrow(/EADDRINUSE/);
  });

  it('accepts an upload through a presigned PUT URL and serves it through a presigned GET URL', async () => {
    const body = Buffer.from('%PDF-1.7 Bewohnerparkausweis');
    const Key = 'neuss/permits/permit.pdf';
    const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket, Key, ContentType: 'application/pdf' }), {
      expiresIn: 60,
    });

    const upload = await fetch(putUrl, { method: 'PUT', body, headers: { 'content-type': 'application/pdf' } });
    expect(upload.status).toBe(200);
    const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), { expiresIn: 60 });
    const download = await fetch(getUrl);

    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
  });
});

describe('Cognito (cognito-local)', () => {
  let cognito: RunningCognitoLocal;
  const directory = () => path.join(scratch, 'cognito');

  /** What CDK synthesizes for the identity stack: pool with a custom attribute, role groups, a web client. */
  const identityTemplate: CloudFormationTemplate = {
    Resources: {
      UserPool6BA7E5F2: {
        Type: 'AWS::Cognito::UserPool',
        Properties: {
          UserPoolName: 'openkreis-test-users',
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          Schema: [
            { Name: 'email', Mutable: true, Required: true },
            { Name: 'tenantId', AttributeDataType: 'String', Mutable: false },
          ],
          Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireDigits: true } },
          AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        },
      },
      CaseworkerGroup: {
        Type: 'AWS::Cognito::UserPoolGroup',
        Properties: { UserPoolId: { Ref: 'UserPool6BA7E5F2' }, GroupName: 'caseworker' },
      },
      TenantAdminGroup: {
        Type: 'AWS::Cognito::UserPoolGroup',
        Properties: { UserPoolId: { Ref: 'UserPool6BA7E5F2' }, GroupName: 'tenant-admin', Precedence: 1 },
      },
      UserPoolWebClient1A2B: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: {
          UserPoolId: { Ref: 'UserPool6BA7E5F2' },
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          GenerateSecret: false,
          SupportedIdentityProviders: ['COGNITO'],
        },
      },
    },
  };

  beforeAll(async () => {
    cognito = await startCognitoLocal({ port: await freePort(), directory: directory() });
  });

  afterAll(async () => {
    await cognito?.stop();
  });

  const caseworker = {
    username: 'sachbearbeiterin@neuss.example',
    password: 'Lokal-Passwort-1',
    tenantId: 'neuss',
    groups: ['caseworker', 'tenant-admin'],
    name: 'Erika Mustermann',
  };

  it('creates pool, groups and client from the template and signs a user in with a verifiable ID token', async () => {
    const { userPools, created } = await bootstrapResources(identityTemplate, { cognito: cognito.endpoint });
    const pool = userPools.UserPool6BA7E5F2;
    if (!pool) throw new Error('pool was not bootstrapped');
    expect(created.sort()).toEqual(['CaseworkerGroup', 'TenantAdminGroup', 'UserPool6BA7E5F2', 'UserPoolWebClient1A2B']);
    expect(pool.groups).toEqual(['caseworker', 'tenant-admin']);
    // A fixed issuer, not the emulator's random port: tokens survive a restart (the JWKS comes from the endpoint).
    expect(pool.issuer).toBe(`${LOCAL_ISSUER_DOMAIN}/${pool.userPoolId}`);
    expect(pool.jwksUrl).toBe(`${cognito.endpoint}/${pool.userPoolId}/.well-known/jwks.json`);

    const { sub, created: userCreated } = await createUser(pool, caseworker);
    const idToken = await signIn(pool, caseworker.username, caseworker.password);

    const jwks = createRemoteJWKSet(new URL(pool.jwksUrl));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: pool.issuer, audience: pool.userPoolClientId });
    expect(userCreated).toBe(true);
    expect(payload).toMatchObject({
      sub,
      token_use: 'id',
      email: caseworker.username,
      email_verified: true,
      'custom:tenantId': 'neuss',
      'cognito:groups': ['caseworker', 'tenant-admin'],
    });
    // cognito-local leaves `name` out of the ID token (AWS puts it in), so check it where it is stored.
    const cognitoClient = new CognitoIdentityProviderClient(localClientConfig(cognito.endpoint));
    const stored = await cognitoClient.send(
      new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: caseworker.username }),
    );
    cognitoClient.destroy();
    expect(stored.UserAttributes).toContainEqual({ Name: 'name', Value: caseworker.name });
  });

  it('creates a user only once and keeps signing them in', async () => {
    const { userPools } = await bootstrapResources(identityTemplate, { cognito: cognito.endpoint });
    const pool = userPools.UserPool6BA7E5F2;
    if (!pool) throw new Error('pool was not bootstrapped');

    const first = await createUser(pool, { ...caseworker, username: 'buerger@example.org', groups: [] });
    const second = await createUser(pool, { ...caseworker, username: 'buerger@example.org', groups: [] });

    expect(first.created).toBe(true);
    expect(second).toEqual({ sub: first.sub, created: false });
    await expect(signIn(pool, 'buerger@example.org', caseworker.password)).resolves.toMatch(/^ey/);
    await expect(signIn(pool, 'buerger@example.org', 'wrong-Password-1')).rejects.toThrow();
  });

  it('refuses every sign-in of a disabled user as Cognito does (password and refresh token), and signs them in again once enabled', async () => {
    const { userPools } = await bootstrapResources(identityTemplate, { cognito: cognito.endpoint });
    const pool = userPools.UserPool6BA7E5F2;
    if (!pool) throw new Error('pool was not bootstrapped');
    const username = 'gesperrt@example.org';
    const { sub } = await createUser(pool, { ...caseworker, username, groups: [] });
    const client = new CognitoIdentityProviderClient(localClientConfig(cognito.endpoint));
    const password = { AuthFlow: 'ADMIN_USER_PASSWORD_AUTH' as const, AuthParameters: { USERNAME: username, PASSWORD: caseworker.password } };
    const first = await client.send(new AdminInitiateAuthCommand({ UserPoolId: pool.userPoolId, ClientId: pool.userPoolClientId, ...password }));
    const refreshToken = first.AuthenticationResult!.RefreshToken!;

    // Accounts are addressed by sub, as the deactivation job does; ListUsers reports the flag.
    await client.send(new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: sub }));
    const listed = await client.send(new ListUsersCommand({ UserPoolId: pool.userPoolId }));
    expect(listed.Users?.find((user) => user.Attributes?.some((a) => a.Name === 'sub' && a.Value === sub))?.Enabled).toBe(false);
    const attempts = [
      () => client.send(new AdminInitiateAuthCommand({ UserPoolId: pool.userPoolId, ClientId: pool.userPoolClientId, ...password })),
      () => client.send(new InitiateAuthCommand({ ClientId: pool.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })),
      () => client.send(new AdminInitiateAuthCommand({ UserPoolId: pool.userPoolId, ClientId: pool.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });

    await client.send(new AdminEnableUserCommand({ UserPoolId: pool.userPoolId, Username: sub }));
    await expect(signIn(pool, username, caseworker.password)).resolves.toMatch(/^ey/);
    client.destroy();
  });

  it('finds the same pool, client and users after a restart on the same directory', async () => {
    const before = (await bootstrapResources(identityTemplate, { cognito: cognito.endpoint })).userPools
      .UserPool6BA7E5F2;
    await cognito.stop();
    cognito = await startCognitoLocal({ port: await freePort(), directory: directory() });

    const after = await bootstrapResources(identityTemplate, { cognito: cognito.endpoint });
    const pool = after.userPools.UserPool6BA7E5F2;
    if (!pool) throw new Error('pool was not bootstrapped');
    expect(after.created).toEqual([]);
    expect(pool.userPoolId).toBe(before?.userPoolId);
    expect(pool.userPoolClientId).toBe(before?.userPoolClientId);
    const idToken = await signIn(pool, caseworker.username, caseworker.password);
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(pool.jwksUrl)), {
      issuer: pool.issuer,
      audience: pool.userPoolClientId,
    });
    expect(payload['custom:tenantId']).toBe('neuss');
  });
});

describe('SES (aws-ses-v2-local)', () => {
  let ses: RunningSesLocal;

  beforeAll(async () => {
    ses = await startSesLocal({ port: await freePort() });
  });

  afterAll(async () => {
    await ses?.stop();
  });

  it('keeps an email sent through the SES v2 API (endpoint from AWS_ENDPOINT_URL_SESV2) in its store', async () => {
    const { MessageId } = await withEnvironment(localAwsEnvironment({ ses: ses.endpoint }), async () => {
      const client = new SESv2Client({});
      try {
        return await client.send(
          new SendEmailCommand({
            FromEmailAddress: 'noreply@rhein-kreis-neuss.example',
            Destination: { ToAddresses: ['buerger@example.org'] },
            Content: {
              Simple: {
                Subject: { Data: 'Ihr Antrag ist eingegangen' },
                Body: { Text: { Data: 'Aktenzeichen NE-2026-0001' } },
              },
            },
          }),
        );
      } finally {
        client.destroy();
      }
    });

    const response = await fetch(`${ses.endpoint}/store`);
    const { emails } = (await response.json()) as { emails: { messageId: string }[] };
    expect(emails.map((email) => email.messageId)).toContain(MessageId);
    const sent = (await ses.sentEmails()).find((email) => email.messageId === MessageId);
    expect(sent).toMatchObject({
      from: 'noreply@rhein-kreis-neuss.example',
      destination: { to: ['buerger@example.org'] },
      subject: 'Ihr Antrag ist eingegangen',
      body: { text: 'Aktenzeichen NE-2026-0001' },
    });
  });
});
