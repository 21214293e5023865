import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountRecovery, ClientAttributes, Mfa, StringAttribute, UserPool, UserPoolGroup, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';

import type { Construct } from 'constructs';
import { ROLES } from '../../functions/core/roles.ts';
import { acknowledge } from '../nag.ts';
import { siteOrigins, type StageConfig } from '../stage-config.ts';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Stateful resources, in a stack of their own so that the stateless services can be replaced freely:
 * the KMS key, the single table, the document bucket and the user pool.
 */
export class DataStack extends Stack {
  readonly key: Key;
  /** Asymmetric key that signs permit and certificate QR tokens (ES256). */
  readonly signingKey: Key;
  readonly table: TableV2;
  readonly bucket: Bucket;
  /** S3 server access logs of the stage's buckets, each under its own prefix. */
  readonly accessLogs: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.key = new Key(this, 'DataKey', {
      description: `OpenKreis ${config.stage}: table, documents and logs`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });

    this.signingKey = new Key(this, 'DocumentSigningKey', {
      description: `OpenKreis ${config.stage}: signs the QR tokens of permits and certificates (ES256)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Issued documents must stay verifiable: never delete the key with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.signingKey, [
      { id: 'AwsSolutions-KMS5', reason: 'Asymmetric KMS keys cannot be rotated automatically; a new key (new kid) is introduced by a deployment while old tokens stay verifiable.' },
    ]);

    this.table = new TableV2(this, 'Table', {
      tableName: `openkreis-${config.stage}-data`,
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      globalSecondaryIndexes: [
        { indexName: 'GSI1', partitionKey: { name: 'GSI1PK', type: AttributeType.STRING }, sortKey: { name: 'GSI1SK', type: AttributeType.STRING } },
        { indexName: 'GSI2', partitionKey: { name: 'GSI2PK', type: AttributeType.STRING }, sortKey: { name: 'GSI2SK', type: AttributeType.STRING } },
      ],
      timeToLiveAttribute: 'expiresAt',
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });

    const accessLogs = (this.accessLogs = new Bucket(this, 'AccessLogs', {
      // Server access logs cannot be delivered to a KMS-encrypted bucket, hence S3-managed keys here.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: false,
    }));
    acknowledge(accessLogs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would loop.' },
    ]);

    this.bucket = new Bucket(this, 'Documents', {
      bucketName: `openkreis-${config.stage}-documents-${this.account}`,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      // An erased document (retention sweep, erasure request: functions/privacy/) becomes a noncurrent version behind a
      // delete marker; it is gone for good 30 days later — the window to undo an accidental deletion, no longer.
      lifecycleRules: [{ id: 'purge-erased-documents', noncurrentVersionExpiration: Duration.days(30), expiredObjectDeleteMarker: true }],
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // Browsers upload and download with presigned URLs.
      cors: [{ allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedOrigins: [...config.corsOrigins, ...siteOrigins(config)], allowedHeaders: ['content-type'], maxAge: 3600 }],
      removalPolicy: config.removalPolicy,
    });

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `openkreis-${config.stage}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // trustLevel: the BundID trust level of the latest sign-in (`functions/core/trust-level.ts`), written by the
      // attribute mapping of the federated identity provider (docs/identity-provider.md), never by the user.
      customAttributes: {
        tenantId: new StringAttribute({ minLen: 2, maxLen: 40, mutable: false }),
        trustLevel: new StringAttribute({ minLen: 1, maxLen: 20, mutable: true }),
      },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `OpenKreis role ${role}` });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `openkreis-${config.stage}-web`,
      // USER_PASSWORD_AUTH: the web app signs in through Cognito's JSON API from the browser with the same code against
      // the user pool and cognito-local, which has no SRP. The password travels over TLS to Cognito only, never to
      // OpenKreis; SRP stays allowed for clients that use it.
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      // The web client may change no attribute itself: above all not custom:trustLevel (a citizen could otherwise
      // claim an eID sign-in) — Cognito lets a client write every mutable attribute unless this list says otherwise.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional in the pool because citizens sign in through BundID (federated, its own trust levels); staff MFA is enforced by the county identity provider federated for staff.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan (threat protection) is a cost decision of the county per stage; sign-in is throttled by the API and staff sign in through the county identity provider.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection (advanced security) needs the Cognito Plus feature plan; the county decides per stage at deployment. Sign-in is rate-limited by the API throttling.',
      },
    ]);
  }
}

