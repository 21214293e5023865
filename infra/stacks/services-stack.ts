import { ArnFormat, CfnOutput, Duration, Stack, Token, type StackProps } from 'aws-cdk-lib';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod as ApiMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { routes, type Resource, type Route } from '../../functions/routes.ts';
import { ApplicationWorkflow } from '../constructs/application-workflow.ts';
import { OnboardingWorkflow } from '../constructs/onboarding-workflow.ts';
import { TenantAccountsWorkflow } from '../constructs/tenant-accounts-workflow.ts';
import { LAMBDA_TRAINING_CONTENT_DIR, ProjectFunction } from '../constructs/project-function.ts';
import { TenantAccessRole } from '../constructs/tenant-access-role.ts';
import { auditTrailProtection } from '../constructs/audit-trail.ts';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stage-config.ts';
import { tableAccessOf } from './table-access.ts';

export interface ServicesStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * The site's origin (CloudFront, web stack): the functions' public URL for links in QR codes, e-mails and payment
   * returns. The API is reachable there under `/api/` and, for those links, at its root paths.
   */
  readonly siteUrl: string;
  readonly key: Key;
  readonly signingKey: Key;
  readonly table: TableV2;
  readonly bucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /**
   * The sibling stack for the workflows, their step functions and the schedules. One stack would pass
   * CloudFormation's limit of 500 resources; the split follows a seam with no references back into this stack.
   */
  readonly workflows: Stack;
  /**
   * The sibling stacks that hold the route functions and their API routes, one per group of the route table
   * ({@link routeGroup}): one stack of 7 resources per route would pass the same limit as the route table grows. They
   * reference this stack (the API, its authorizer, the tenant access role), never the other way round.
   */
  readonly routeStacks: Readonly<Record<RouteGroup, Stack>>;
}

export const ROUTE_GROUPS = ['tenants', 'applications', 'services', 'training'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/** The stack of a route's function, by the capability folder of its handler. */
export function routeGroup(route: Pick<Route, 'handler'>): RouteGroup {
  const capability = route.handler.split('/')[0]!;
  if (capability === 'training' || capability === 'services' || capability === 'tenants') return capability;
  // The application engine with its documents and payments, and the health check.
  return 'applications';
}

/** Item-level DynamoDB actions. No Scan: request paths query by key, always. */
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** The table's global secondary indexes (see the data stack). */
const INDEX_NAMES = ['GSI1', 'GSI2'];

const KMS_TABLE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:DescribeKey',
];

interface Grantable {
  env: Record<string, string>;
  grant(fn: ProjectFunction): void;
}

/**
 * The stateless part: one Lambda per handler of the route table, the workflows and schedules, and the HTTP API with
 * its JWT authorizer. Grants follow the route table: `access` decides table permissions, `uses` further resources.
 */
export class ServicesStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, ProjectFunction>();
  private readonly config: StageConfig;
  private readonly baseEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    const { config, table, key, userPool, userPoolClient, bucket, signingKey } = props;
    this.config = config;

    this.api = new HttpApi(this, 'Api', {
      apiName: `openkreis-${config.stage}`,
      corsPreflight: {
        allowOrigins: config.corsOrigins,
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
        maxAge: Duration.hours(1),
      },
      createDefaultStage: true,
    });

    // Configuration every function may read at load time: names, no secrets.
    this.baseEnvironment = {
      TABLE_NAME: table.tableName,
      COUNTY_TENANT_ID: config.countyTenantId,
      PUBLIC_API_URL: props.siteUrl,
      // The portal's origin for links in e-mails and payment return addresses (`functions/core/site.ts`).
      PUBLIC_SITE_URL: props.siteUrl,
      NOTIFICATION_FROM_ADDRESS: config.notificationFromAddress,
    };

    // Named indexes instead of `index/*`: a new index is granted deliberately.
    const tableArns = [table.tableArn, ...INDEX_NAMES.map((index) => `${table.tableArn}/index/${index}`)];
    // The KMS actions DynamoDB needs for a customer managed key, spelled out, and only through DynamoDB.
    const tableKeyAccess = new PolicyStatement({
      actions: KMS_TABLE_ACTIONS,
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${config.region}.amazonaws.com` } },
    });
    const grantTable = (fn: ProjectFunction) => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ITEM_ACTIONS, resources: tableArns }));
      fn.addToRolePolicy(auditTrailProtection(tableArns));
      fn.addToRolePolicy(tableKeyAccess);
    };

    // State machines are referenced by their (fixed) ARN, not by the construct: a step that answers its own
    // workflow's task token would otherwise make the function, its policy and the state machine a cycle.
    const machineArn = (name: string) =>
      this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: `openkreis-${config.stage}-${name}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const onboardingArn = machineArn('tenant-onboarding');
    const accountsArn = machineArn('tenant-accounts');
    const applicationsArn = machineArn('application-lifecycle');

    const webhookSecret = new Secret(this, 'PaymentWebhookSecret', {
      description: 'HMAC-SHA512 secret shared with the payment provider for webhook signatures',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(webhookSecret, [
      { id: 'AwsSolutions-SMG4', reason: 'Rotation needs a coordinated change at the payment provider; it is an operational runbook step, not automatic.' },
    ]);
    const sesIdentity = this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.notificationFromAddress.split('@')[1]! });

    const resources: Record<Resource, Grantable> = {
      'onboarding-workflow': {
        env: { ONBOARDING_STATE_MACHINE_ARN: onboardingArn },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [onboardingArn] })),
      },
      'accounts-workflow': {
        env: { ACCOUNTS_STATE_MACHINE_ARN: accountsArn },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [accountsArn] })),
      },
      // Disabling and enabling a tenant's accounts: page through the pool, change the tenant's accounts.
      'user-pool-accounts': {
        env: { USER_POOL_ID: userPool.userPoolId },
        grant: (f) =>
          f.addToRolePolicy(
            new PolicyStatement({
              actions: ['cognito-idp:ListUsers', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser'],
              resources: [userPool.userPoolArn],
            }),
          ),
      },
      'user-pool': {
        env: { USER_POOL_ID: userPool.userPoolId },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [userPool.userPoolArn] })),
      },
      'applications-workflow': {
        env: { APPLICATIONS_STATE_MACHINE_ARN: applicationsArn },
        grant: (f) => {
          f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [applicationsArn] }));
          f.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: [applicationsArn] }));
        },
      },
      'documents-bucket': {
        env: { BUCKET_NAME: bucket.bucketName },
        grant: (f) => {
          f.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.documentObjectsArn()] }));
          f.addToRolePolicy(
            new PolicyStatement({
              actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
              resources: [key.keyArn],
              conditions: { StringEquals: { 'kms:ViaService': `s3.${config.region}.amazonaws.com` } },
            }),
          );
        },
      },
      // Erasing documents (retention sweep, erasure requests): delete only; the bucket's lifecycle purges old versions.
      'documents-erasure': {
        env: { BUCKET_NAME: bucket.bucketName },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.documentObjectsArn()] })),
      },
      'payment-provider': {
        env: { PAYMENT_PROVIDER: config.paymentProvider, PAYMENT_WEBHOOK_SECRET_ARN: webhookSecret.secretArn },
        grant: (f) => {
          webhookSecret.grantRead(f);
          // The credentials tenants name in their payment settings (`functions/payments/settings.ts`): secrets the
          // operator creates as `openkreis/<tenantId>/payments/<name>`; the settings refuse another tenant's.
          const credentials = 'openkreis/*/payments/*';
          f.addToRolePolicy(
            new PolicyStatement({
              actions: ['secretsmanager:GetSecretValue'],
              resources: [this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: credentials, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
            }),
          );
          acknowledge(f, [
            {
              id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${config.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:secret:${credentials}]`,
              reason: "The payment credentials of the tenants, by name; a tenant's settings may only name its own (checked when they are saved).",
            },
          ]);
        },
      },
      'signing-key': {
        env: { SIGNING_KMS_KEY_ID: signingKey.keyArn },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [signingKey.keyArn] })),
      },
      // Verification needs the public key only.
      'verification-key': {
        env: { SIGNING_KMS_KEY_ID: signingKey.keyArn },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [signingKey.keyArn] })),
      },
      'training-content': {
        env: { TRAINING_CONTENT_DIR: LAMBDA_TRAINING_CONTENT_DIR },
        grant: () => undefined,
      },
      'user-pool-admin': {
        env: { USER_POOL_ID: userPool.userPoolId },
        grant: (f) =>
          f.addToRolePolicy(
            new PolicyStatement({
              actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup'],
              resources: [userPool.userPoolArn],
            }),
          ),
      },
      email: {
        env: {},
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [sesIdentity] })),
      },
    };

    /**
     * A function that is not a tenant request (workflow step, schedule). Its table access is declared in
     * `table-access.ts`: through the tenant access role per tenant it acts for, or — with a reason — table-wide.
     */
    const workflows = props.workflows;
    const tenantScoped: ProjectFunction[] = [];
    const systemFunction = (id: string, handler: string, uses: Resource[] = [], timeoutSeconds?: number) => {
      const created = this.projectFunction(id, handler, Object.assign({}, ...uses.map((use) => resources[use].env)), uses.includes('training-content'), timeoutSeconds, workflows);
      if (tableAccessOf(handler).scope === 'tenant') tenantScoped.push(created);
      else grantTable(created);
      for (const use of uses) resources[use].grant(created);
      return created;
    };

    const onboarding = new OnboardingWorkflow(workflows, 'Onboarding', {
      stage: config.stage,
      logRetention: config.logRetention,
      steps: {
        createProfile: systemFunction('OnboardingCreateProfile', 'tenants/onboarding/create-profile.handler'),
        createAdmin: systemFunction('OnboardingCreateAdmin', 'tenants/onboarding/create-admin.handler', ['user-pool']),
        activate: systemFunction('OnboardingActivate', 'tenants/onboarding/activate.handler'),
        markFailed: systemFunction('OnboardingMarkFailed', 'tenants/onboarding/mark-failed.handler'),
      },
    });
    new TenantAccountsWorkflow(workflows, 'TenantAccounts', {
      stage: config.stage,
      logRetention: config.logRetention,
      steps: {
        updateAccounts: systemFunction('TenantAccountsUpdate', 'tenants/accounts/update-accounts.handler', ['user-pool-accounts']),
        markFailed: systemFunction('TenantAccountsMarkFailed', 'tenants/accounts/mark-failed.handler'),
      },
    });
    this.functions.get('tenants/onboarding/create-admin.handler')!.addToRolePolicy(
      new PolicyStatement({ actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'], resources: [userPool.userPoolArn] }),
    );

    const applications = new ApplicationWorkflow(workflows, 'Applications', {
      stage: config.stage,
      logRetention: config.logRetention,
      steps: {
        transition: systemFunction('ApplicationTransition', 'applications/workflow/transition.handler', ['email']),
        runChecks: systemFunction('ApplicationRunChecks', 'applications/workflow/run-checks.handler'),
        awaitDecision: systemFunction('ApplicationAwaitDecision', 'applications/workflow/await-decision.handler', ['email']),
        issueDocuments: systemFunction('ApplicationIssueDocuments', 'applications/workflow/issue-documents.handler', ['documents-bucket', 'signing-key', 'email']),
        createPayment: systemFunction('PaymentCreate', 'payments/workflow/create-payment.handler', ['payment-provider']),
        awaitPayment: systemFunction('PaymentAwait', 'payments/workflow/await-payment.handler', ['payment-provider', 'applications-workflow']),
        cancelPayment: systemFunction('PaymentCancel', 'payments/workflow/cancel-payment.handler', ['payment-provider']),
        refundPayment: systemFunction('PaymentRefund', 'payments/workflow/refund-payment.handler', ['payment-provider']),
      },
    });

    // Schedules.
    new Rule(workflows, 'OutboxFlushSchedule', {
      ruleName: `openkreis-${config.stage}-outbox-flush`,
      description: 'Retries notifications whose immediate delivery failed',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(systemFunction('NotificationsFlushOutbox', 'notifications/flush-outbox.handler', ['email']))],
    });
    new Rule(workflows, 'VehicleTaskOutcomesSchedule', {
      ruleName: `openkreis-${config.stage}-vehicle-task-outcomes`,
      description: "Tells citizens the county's outcome of each vehicle task of a change of address, once per outcome",
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(systemFunction('AddressChangeVehicleTaskOutcomes', 'services/address-change/handover-news.handler', ['email']))],
    });
    new Rule(workflows, 'PermitRenewalSchedule', {
      ruleName: `openkreis-${config.stage}-permit-renewal-reminders`,
      description: 'Reminds permit holders 30 days before expiry, once per permit',
      schedule: Schedule.cron({ minute: '0', hour: '5' }),
      targets: [new LambdaFunction(systemFunction('PermitRenewalReminders', 'services/resident-parking/renewal-reminders.handler', ['email']))],
    });

    new Rule(workflows, 'TrainingDailySchedule', {
      ruleName: `openkreis-${config.stage}-training-daily`,
      description: 'Training reminders (before, on and after the due date; escalation) and recertification cycles',
      schedule: Schedule.cron({ minute: '30', hour: '5' }),
      targets: [
        new LambdaFunction(systemFunction('TrainingDaily', 'training/daily.handler', ['email', 'training-content'])),
      ],
    });

    new Rule(workflows, 'BusinessDeliveryRetrySchedule', {
      ruleName: `openkreis-${config.stage}-business-delivery-retry`,
      description: 'Retries failed forwarding of business registrations (§ 3 GewAnzV) with backoff; dead letters after the last attempt',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(systemFunction('BusinessDeliveryRetry', 'services/business/forwarding/retry-deliveries.handler', ['documents-bucket']))],
    });
    new Rule(workflows, 'BusinessStatisticsBatchSchedule', {
      ruleName: `openkreis-${config.stage}-business-statistics-batch`,
      // Daily, although the batch is monthly: only closed, not yet sent months go out, so a failed day catches up.
      description: 'Sends each closed month of business registrations to the statistics office as one batch',
      schedule: Schedule.cron({ minute: '0', hour: '2' }),
      targets: [new LambdaFunction(systemFunction('BusinessStatisticsBatch', 'services/business/forwarding/statistics-batch.handler', ['documents-bucket']))],
    });
    // Every state that waits has an owner that finishes it after a crash (functions/applications/repair.ts).
    const repair = systemFunction('ApplicationRepair', 'applications/repair.handler', ['applications-workflow', 'payment-provider', 'email'], 300);
    const executions = `openkreis-${config.stage}-application-lifecycle:*`;
    repair.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:DescribeExecution'],
        resources: [this.formatArn({ service: 'states', resource: 'execution', resourceName: executions, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );
    acknowledge(repair, [
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${config.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:execution:${executions}]`,
        reason: 'The executions of the one application state machine: each is named after its application, which the repair looks up by name.',
      },
    ]);
    new Rule(workflows, 'ApplicationRepairSchedule', {
      ruleName: `openkreis-${config.stage}-application-repair`,
      description: 'Finishes what a crash left waiting: starts missing workflows, redelivers decisions and withdrawals, reconciles payments, fails abandoned applications with a refund',
      schedule: Schedule.rate(Duration.minutes(10)),
      targets: [new LambdaFunction(repair)],
    });
    new Rule(workflows, 'PaymentReconciliationSchedule', {
      ruleName: `openkreis-${config.stage}-payment-reconciliation`,
      description: 'Asks the payment providers about open payments whose status check is due; completes or cancels their waiting applications once',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(systemFunction('PaymentReconciliation', 'payments/reconcile.handler', ['applications-workflow', 'payment-provider']))],
    });
    if (config.stage !== 'prod') {
      // The payment sandbox exists outside prod only; like a real provider it retries unanswered confirmations.
      new Rule(workflows, 'PaymentSandboxRedeliverySchedule', {
        ruleName: `openkreis-${config.stage}-payment-sandbox-redelivery`,
        description: 'Payment sandbox: sends confirmations again that did not reach the webhook, with backoff',
        schedule: Schedule.rate(Duration.minutes(1)),
        targets: [new LambdaFunction(systemFunction('PaymentSandboxRedelivery', 'payments/sandbox/redeliver.handler', ['payment-provider']))],
      });
    }

    new Rule(workflows, 'RetentionSweepSchedule', {
      ruleName: `openkreis-${config.stage}-retention-sweep`,
      description: 'Erases closed cases whose retention period ended (table and documents), unless held; keeps anonymised counts',
      schedule: Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new LambdaFunction(systemFunction('RetentionSweep', 'privacy/sweep.handler', ['documents-erasure'], 300))],
    });

    new Rule(workflows, 'PrivacyExportsSchedule', {
      ruleName: `openkreis-${config.stage}-privacy-exports`,
      description: 'Finishes access exports (Art. 15 DSGVO) that their request could not finish; fails them after three attempts',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(systemFunction('PrivacyExports', 'privacy/exports.handler', ['documents-bucket', 'email'], 300))],
    });

    new Rule(workflows, 'TrainingXapiForwardSchedule', {
      ruleName: `openkreis-${config.stage}-training-xapi-forward`,
      description: "Forwards xAPI statements to tenants' external LRS, retrying failed batches",
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(systemFunction('TrainingXapiForward', 'training/xapi-forward.handler'))],
    });

    // The HTTP API.
    // Created here, bound by id in the route stacks: the authorizer belongs to the API, not to its first route.
    const cognitoAuthorizer = new HttpAuthorizer(this, 'CognitoAuthorizer', {
      httpApi: this.api,
      authorizerName: 'Cognito',
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: `https://cognito-idp.${config.region}.amazonaws.com/${userPool.userPoolId}`,
      jwtAudience: [userPoolClient.userPoolClientId],
    });
    const authorizer: IHttpRouteAuthorizer = {
      bind: () => ({ authorizationType: 'JWT', authorizerId: cognitoAuthorizer.authorizerId }),
    };
    const routeFunctions = new Map<string, { fn: ProjectFunction; route: Route }>();
    for (const route of routes) {
      if (route.devOnly && config.stage === 'prod') continue;
      let entry = routeFunctions.get(route.handler);
      if (!entry) {
        const uses = route.uses ?? [];
        const routeFn = this.projectFunction(
          functionId(route.handler),
          route.handler,
          Object.assign({}, ...uses.map((use) => resources[use].env)),
          uses.includes('training-content'),
          route.timeoutSeconds,
          props.routeStacks[routeGroup(route)],
        );
        if (route.access === 'county' || route.access === 'system') grantTable(routeFn);
        for (const use of route.uses ?? []) resources[use].grant(routeFn);
        entry = { fn: routeFn, route };
        routeFunctions.set(route.handler, entry);
      }
      const created = new HttpRoute(entry.fn.stack, `${functionId(route.handler)}Route-${route.method}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, route.method as ApiMethod),
        integration: new HttpLambdaIntegration(`${functionId(route.handler)}Integration-${route.method}`, entry.fn),
        ...(route.roles === 'public' ? {} : { authorizer }),
      });
      if (route.roles === 'public') {
        acknowledge(created, [{ id: 'AwsSolutions-APIG4', reason: `Public by design: ${route.summary}` }]);
      }
    }
    // Tenant isolation in IAM: functions that act for a tenant — route functions for the caller's tenant, workflow
    // steps and schedules for the tenant they write for — have no table permission of their own and reach the table
    // only through this role, one session per tenant.
    const tenantAccess = new TenantAccessRole(this, 'TenantAccessRole', {
      stage: config.stage,
      tenantIds: config.tenantIds,
      actions: ITEM_ACTIONS,
      tableArns,
      keyAccess: tableKeyAccess,
    });
    // The audit trail is append-only for everyone who acts for a tenant.
    tenantAccess.addToPolicy(auditTrailProtection(tableArns));
    for (const { fn, route } of routeFunctions.values()) if (route.access === 'tenant') tenantAccess.grantTenantAccess(fn);
    for (const fn of tenantScoped) tenantAccess.grantTenantAccess(fn);

    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: config.logRetention });
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      // No personal data: no IP address, no user agent, no query string.
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = { throttlingRateLimit: config.throttle.rateLimit, throttlingBurstLimit: config.throttle.burstLimit };

    for (const stack of [this, workflows, ...Object.values(props.routeStacks)]) acknowledge(stack, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only allows writing the function\'s own CloudWatch logs.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 (nodejs22.x, LTS until April 2027) is the project\'s fixed runtime; the move to a newer LTS is planned with the dependency updates.',
      },
    ]);
    this.acknowledgeObjectWildcards();

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(workflows, 'OnboardingStateMachineArn', { value: onboarding.stateMachine.stateMachineArn });
    new CfnOutput(workflows, 'ApplicationsStateMachineArn', { value: applications.stateMachine.stateMachineArn });
  }

  private projectFunction(
    id: string,
    handler: string,
    environment: Record<string, string>,
    includeTrainingContent = false,
    timeoutSeconds?: number,
    scope: Stack = this,
  ): ProjectFunction {
    const created = new ProjectFunction(scope, id, {
      handler,
      includeTrainingContent,
      ...(timeoutSeconds ? { timeout: Duration.seconds(timeoutSeconds) } : {}),
      environment: { ...this.baseEnvironment, ...environment },
      logRetention: this.config.logRetention,
    });
    this.functions.set(handler, created);
    return created;
  }

  /**
   * The objects of the documents bucket, by its fixed name (see the data stack) rather than by a cross-stack
   * reference, so that the grant and its cdk-nag acknowledgement name the same resource.
   */
  private documentObjectsArn(account: string = this.account): string {
    return `arn:aws:s3:::openkreis-${this.config.stage}-documents-${account}/*`;
  }

  /** Documents are keyed `<tenantId>/…`: object-level grants need the object wildcard of the one bucket. */
  private acknowledgeObjectWildcards(): void {
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    for (const fn of this.functions.values()) {
      acknowledge(fn, [
        {
          id: `AwsSolutions-IAM5[Resource::${this.documentObjectsArn(account)}]`,
          reason: 'Objects of the one documents bucket, all under tenant prefixes; the function reads and writes objects only through its code paths.',
        },
      ]);
    }
  }
}

/** `tenants/create-tenant.handler` → `TenantsCreateTenant`. */
export function functionId(handler: string): string {
  return handler
    .replace(/\.handler$/, '')
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
