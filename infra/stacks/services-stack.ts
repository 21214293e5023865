import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod as ApiMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ArnPrincipal, CompositePrincipal, Effect, PolicyStatement, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';

import type { Construct } from 'constructs';
import { routes, type Resource, type Route } from '../../functions/routes.ts';
import { OnboardingWorkflow } from '../constructs/onboarding-workflow.ts';
import { ProjectFunction } from '../constructs/project-function.ts';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stage-config.ts';

export interface ServicesStackProps extends StackProps {
  readonly config: StageConfig;
  readonly key: Key;
  readonly table: TableV2;
  readonly bucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
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

/**
 * The stateless part: one Lambda per handler of the route table, the workflows, and the HTTP API with its JWT
 * authorizer. Grants follow the route table: `access` decides table permissions, `uses` further resources.
 */
export class ServicesStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, ProjectFunction>();

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    const { config, table, key, userPool, userPoolClient } = props;

    const baseEnvironment = { TABLE_NAME: table.tableName, COUNTY_TENANT_ID: config.countyTenantId };
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
      fn.addToRolePolicy(tableKeyAccess);
    };

    const fn = (id: string, handler: string, environment: Record<string, string> = {}) => {
      const created = new ProjectFunction(this, id, {
        handler,
        environment: { ...baseEnvironment, ...environment },
        logRetention: config.logRetention,
      });
      this.functions.set(handler, created);
      return created;
    };

    // Workflow steps run with the function's own role: they are not tenant requests.
    const onboarding = new OnboardingWorkflow(this, 'Onboarding', {
      stage: config.stage,
      logRetention: config.logRetention,
      steps: {
        createProfile: fn('OnboardingCreateProfile', 'tenants/onboarding/create-profile.handler'),
        createAdmin: fn('OnboardingCreateAdmin', 'tenants/onboarding/create-admin.handler', { USER_POOL_ID: userPool.userPoolId }),
        activate: fn('OnboardingActivate', 'tenants/onboarding/activate.handler'),
        markFailed: fn('OnboardingMarkFailed', 'tenants/onboarding/mark-failed.handler'),
      },
    });
    for (const step of ['create-profile', 'create-admin', 'activate', 'mark-failed']) {
      grantTable(this.functions.get(`tenants/onboarding/${step}.handler`)!);
    }
    const createAdmin = this.functions.get('tenants/onboarding/create-admin.handler')!;
    createAdmin.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup'],
        resources: [userPool.userPoolArn],
      }),
    );

    const resources: Record<Resource, { env: Record<string, string>; grant(fn: ProjectFunction): void }> = {
      'onboarding-workflow': {
        env: { ONBOARDING_STATE_MACHINE_ARN: onboarding.stateMachine.stateMachineArn },
        grant: (f) => onboarding.stateMachine.grantStartExecution(f),
      },
      'user-pool': {
        env: { USER_POOL_ID: userPool.userPoolId },
        grant: (f) => f.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [userPool.userPoolArn] })),
      },
    };

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
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${config.region}.amazonaws.com/${userPool.userPoolId}`, {
      jwtAudience: [userPoolClient.userPoolClientId],
    });

    const routeFunctions = new Map<string, ProjectFunction>();
    for (const route of routes) {
      let routeFn = routeFunctions.get(route.handler);
      if (!routeFn) {
        routeFn = this.routeFunction(route, fn, resources, grantTable);
        routeFunctions.set(route.handler, routeFn);
      }
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [route.method as ApiMethod],
        integration: new HttpLambdaIntegration(`${functionId(route.handler)}Integration-${route.method}`, routeFn),
        ...(route.roles === 'public' ? {} : { authorizer }),
      });
      if (route.roles === 'public' && created) {
        acknowledge(created, [
          { id: 'AwsSolutions-APIG4', reason: `Public by design: ${route.summary}` },
        ]);
      }
    }
    this.tenantScopedAccess([...routeFunctions.entries()].filter(([handler]) => routes.some((r) => r.handler === handler && r.access === 'tenant')).map(([, f]) => f), tableArns, tableKeyAccess);

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

    acknowledge(this, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only allows writing the function\'s own CloudWatch logs.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 (nodejs22.x, LTS until April 2027) is the project\'s fixed runtime; the move to a newer LTS is planned with the dependency updates.',
      },
    ]);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'OnboardingStateMachineArn', { value: onboarding.stateMachine.stateMachineArn });
  }

  private routeFunction(
    route: Route,
    fn: (id: string, handler: string, environment?: Record<string, string>) => ProjectFunction,
    resources: Record<Resource, { env: Record<string, string>; grant(fn: ProjectFunction): void }>,
    grantTable: (fn: ProjectFunction) => void,
  ): ProjectFunction {
    const uses = route.uses ?? [];
    const environment: Record<string, string> = Object.assign({}, ...uses.map((use) => resources[use].env));
    const created = fn(functionId(route.handler), route.handler, environment);
    if (route.access === 'county') grantTable(created);
    for (const use of uses) resources[use].grant(created);
    return created;
  }

  /**
   * Tenant isolation in IAM: the functions that serve tenant requests have no table permissions of their own. They
   * may only assume the tenant access role with a `TenantId` session tag, and that role only reaches items whose
   * partition key starts with `${aws:PrincipalTag/TenantId}#`. Only these functions' roles are trusted.
   */
  private tenantScopedAccess(functions: ProjectFunction[], tableArns: string[], keyAccess: PolicyStatement): Role {
    const role = new Role(this, 'TenantAccessRole', {
      description: 'Assumed per request with session tag TenantId; reaches the items of that tenant only',
      assumedBy: new CompositePrincipal(...functions.map((f) => new SessionTagsPrincipal(new ArnPrincipal(f.role!.roleArn)))),
      maxSessionDuration: Duration.hours(1),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ITEM_ACTIONS,
        resources: tableArns,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/TenantId}#*'] } },
      }),
    );
    role.addToPolicy(keyAccess);
    for (const f of functions) {
      f.addEnvironment('TENANT_ACCESS_ROLE_ARN', role.roleArn);
      f.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [role.roleArn] }));
    }
    return role;
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

