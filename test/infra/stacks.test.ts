import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenKreisApp } from '../../infra/openkreis-app.ts';
import { routes } from '../../functions/routes.ts';
import { functionId, ROUTE_GROUPS } from '../../infra/stacks/services-stack.ts';
import { STEP_TABLE_ACCESS } from '../../infra/stacks/table-access.ts';
import { STAGES } from '../../infra/stage-config.ts';
import { AUDIT_LEADING_KEYS, AUDIT_REWRITE_ACTIONS } from '../../infra/constructs/audit-trail.ts';
import { TENANT_ACCESS_TAG } from '../../infra/constructs/tenant-access-role.ts';
import { mergeTemplates, WEB_STAND_IN } from '../../infra/local/synth.ts';
import { SEED_TENANTS } from '../../infra/local/seed/county.ts';

interface Synthesized {
  outdir: string;
  templates: Record<'dev' | 'prod', { data: Template; services: Template; servicesJson: any }>;
  resourceCounts: Array<{ stack: string; resources: number }>;
  report: any;
}

let synthesized: Synthesized;

function synthesize(): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'openkreis-infra-test-'));
  const { app, stages } = createOpenKreisApp({ account: '123456789012', outdir, webDist: WEB_STAND_IN, context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = app.synth();
  const templates = {} as Synthesized['templates'];
  for (const name of ['dev', 'prod'] as const) {
    const stage = assembly.getNestedAssembly(`assembly-${name}`);
    const data = stage.getStackByName(stages[name].data.stackName).template;
    // The API stack and its sibling workflows stack are asserted together: one description, split for size.
    const services = mergeTemplates(...stages[name].statelessStacks.map((stack) => stage.getStackByName(stack.stackName).template));
    templates[name] = { data: Template.fromJSON(data), services: Template.fromJSON(services), servicesJson: services };
  }
  const resourceCounts = assembly.nestedAssemblies
    ? (['dev', 'prod'] as const).flatMap((name) =>
        assembly.getNestedAssembly(`assembly-${name}`).stacks.map((stack) => ({ stack: stack.stackName, resources: Object.keys(stack.template.Resources ?? {}).length })),
      )
    : [];
  return { outdir, templates, resourceCounts, report: JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) };
}

function violations(report: any, pluginName: string): string[] {
  return (report.pluginReports ?? [])
    .filter((plugin: any) => plugin.pluginName === pluginName)
    .flatMap((plugin: any) => plugin.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} @ ${c.constructPath}`)));
}

beforeAll(() => {
  synthesized = synthesize();
});

afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no unacknowledged finding on any stack of any stage', () => {
    const failing = (synthesized.report.pluginReports ?? []).filter((plugin: any) => plugin.conclusion !== 'success');
    expect(failing.flatMap((plugin: any) => violations(synthesized.report, plugin.pluginName))).toEqual([]);
  });

  it('do report a finding when one exists (the check is wired, not silent)', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'openkreis-nag-control-'));
    try {
      const app = new App({ outdir });
      new Bucket(new Stack(app, 'Control'), 'Insecure');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow();
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
      expect(violations(report, 'AwsSolutions')).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-S10 @ Control\/Insecure/)]));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('acknowledge every finding with a reason', () => {
    const acknowledged = (synthesized.report.pluginReports ?? []).flatMap((plugin: any) => plugin.suppressedViolations ?? []);
    for (const finding of acknowledged) expect(String(finding.reason ?? '').length).toBeGreaterThan(20);
  });
});

describe('data stack', () => {
  it('keeps one on-demand table with PITR, the customer managed key, TTL, a stream and tenant-prefixed GSIs', () => {
    const { data } = synthesized.templates.dev;
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'openkreis-dev-data',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'GSI1', KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }, { AttributeName: 'GSI1SK', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'GSI2' }),
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: false })],
    });
  });

  it('protects the prod table and user pool from deletion', () => {
    const { data } = synthesized.templates.prod;
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
    data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    data.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('encrypts documents with KMS, versions them, blocks public access and denies plain HTTP', () => {
    const { data } = synthesized.templates.dev;
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'openkreis-dev-documents-123456789012',
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets the web app sign in with the password through Cognito\'s API (USER_PASSWORD_AUTH, as cognito-local) or SRP, never with the admin flow', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const clients = Object.values(synthesized.templates[stage].data.findResources('AWS::Cognito::UserPoolClient')) as any[];
      expect(clients).toHaveLength(1);
      expect([...clients[0].Properties.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
      expect(clients[0].Properties.GenerateSecret).not.toBe(true);
      // The client writes no custom attribute: a citizen cannot claim the eID trust level (custom:trustLevel) itself.
      expect(clients[0].Properties.WriteAttributes).toEqual(['name']);
    }
  });

  it('has a user pool with the immutable tenant attribute and one group per role', () => {
    const { data } = synthesized.templates.dev;
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }),
        Match.objectLike({ Name: 'trustLevel', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const groups = Object.values(data.findResources('AWS::Cognito::UserPoolGroup')).map((group: any) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['business', 'caseworker', 'citizen', 'county-admin', 'data-protection-officer', 'employee', 'enforcement', 'tenant-admin']);
  });
});

describe('services stack', () => {
  it('runs every function on Node.js 22, arm64, with its handler module recorded', () => {
    const functions = Object.values(synthesized.templates.dev.services.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(new Set(routes.map((route) => route.handler)).size);
    for (const fn of functions as any[]) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Metadata['OpenKreis::Handler']).toMatch(/\.handler$/);
    }
  });

  it('declares one API route per entry of the route table, with the JWT authorizer on all but public routes', () => {
    const { services } = synthesized.templates.dev;
    const apiRoutes = Object.values(services.findResources('AWS::ApiGatewayV2::Route')) as any[];
    expect(apiRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    // (dev stage: includes the dev-only sandbox routes)
    for (const route of routes) {
      const resource = apiRoutes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(resource.Properties.AuthorizationType).toBe(route.roles === 'public' ? 'NONE' : 'JWT');
    }
    services.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
  });

  it('throttles the API and writes access logs without personal data', () => {
    const { services } = synthesized.templates.dev;
    services.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.not(Match.stringLikeRegexp('sourceIp|userAgent|identity')) },
    });
  });

  it('gives tenant-facing functions no table permission of their own, and nobody Scan', () => {
    const json = synthesized.templates.dev.servicesJson;
    const policies = Object.entries(json.Resources).filter(([, r]: any) => r.Type === 'AWS::IAM::Policy') as Array<[string, any]>;
    const statements = policies.flatMap(([id, policy]) => policy.Properties.PolicyDocument.Statement.map((s: any) => ({ id, roles: JSON.stringify(policy.Properties.Roles), ...s })));
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a === 'dynamodb:Scan' || a === 'dynamodb:*'))).toEqual([]);
    for (const route of routes.filter((r) => r.access === 'tenant')) {
      const id = functionId(route.handler);
      const own = statements.filter((s) => s.roles.includes(`${id}ServiceRole`));
      expect(own.length).toBeGreaterThan(0);
      expect(own.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dynamodb:'))).toEqual([]);
      expect(own.some((s) => [s.Action].flat().includes('sts:TagSession'))).toBe(true);
    }
  });

  /** The statements of every IAM policy that name one of `prefix`'s actions, with the roles the policy is attached to. */
  function statementsWith(prefix: string) {
    const json = synthesized.templates.dev.servicesJson;
    return Object.values(json.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p: any) =>
        p.Properties.PolicyDocument.Statement.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith(prefix))).map((s: any) => ({
          actions: [s.Action].flat().sort(),
          resource: JSON.stringify(s.Resource),
          roles: JSON.stringify(p.Properties.Roles),
        })),
      );
  }

  it('lets exactly the onboarding admin step, the employee import and the tenant-accounts job manage Cognito users, each with its own actions', () => {
    const statements = statementsWith('cognito-idp:');
    const actionsOf = (fn: string) => [...new Set(statements.filter((s) => s.roles.includes(fn)).flatMap((s) => s.actions))].sort();
    expect(actionsOf('OnboardingCreateAdmin')).toEqual(['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
    expect(actionsOf('TrainingImportEmployees')).toEqual(['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
    expect(actionsOf('TenantAccountsUpdate')).toEqual(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:ListUsers']);
    const managers = new Set(statements.map((s) => s.roles.match(/(OnboardingCreateAdmin|TrainingImportEmployees|TenantAccountsUpdate)/)?.[1] ?? s.roles));
    expect([...managers].sort()).toEqual(['OnboardingCreateAdmin', 'TenantAccountsUpdate', 'TrainingImportEmployees']);
    // On the one user pool, never on `*`.
    for (const statement of statements) expect(statement.resource).toMatch(/GetAttUsers\w*Arn/);
  });

  it('lets only deactivation and reactivation start the tenant-accounts workflow', () => {
    const starters = statementsWith('states:StartExecution').filter((s) => s.resource.includes('openkreis-dev-tenant-accounts'));
    const functions = [...new Set(starters.map((s) => s.roles.match(/Tenants(Deactivate|Reactivate)Tenant/)?.[0] ?? s.roles))].sort();
    expect(functions).toEqual(['TenantsDeactivateTenant', 'TenantsReactivateTenant']);
    for (const starter of starters) expect(starter.actions).toEqual(['states:StartExecution']);
  });

  it('defines the tenant-accounts job as a Standard workflow that loops over slices, retries with backoff and records a failure', () => {
    const { services, servicesJson } = synthesized.templates.dev;
    services.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'openkreis-dev-tenant-accounts',
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false }),
    });
    const machine = Object.values(servicesJson.Resources).find((r: any) => r.Properties?.StateMachineName === 'openkreis-dev-tenant-accounts') as any;
    const definition = JSON.parse(
      (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'ARN')).join(''),
    );
    expect(definition.StartAt).toBe('UpdateAccounts');
    expect(definition.States.UpdateAccounts).toMatchObject({ ResultPath: '$', Next: 'AllAccountsDone' });
    expect(definition.States.UpdateAccounts.Retry).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['InvalidTaskInput'], MaxAttempts: 0 }),
        expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 6, BackoffRate: 2 }),
      ]),
    );
    expect(definition.States.UpdateAccounts.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'MarkAccountsFailed' })]);
    expect(definition.States.AllAccountsDone).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'AccountsUpdated' }],
      Default: 'UpdateAccounts',
    });
  });

  it('deploys the payment sandbox only outside production', () => {
    const routeKeys = (stage: 'dev' | 'prod') =>
      Object.values(synthesized.templates[stage].services.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties.RouteKey);
    expect(routeKeys('dev')).toContain('GET /sandbox-pay/{paymentId}');
    expect(routeKeys('prod')).not.toContain('GET /sandbox-pay/{paymentId}');
    expect(routeKeys('prod')).toContain('POST /payments/webhook');
  });

  it('defines tenant onboarding as a Standard workflow in JSONPath, logged without execution data', () => {
    const { services, servicesJson } = synthesized.templates.dev;
    services.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'openkreis-dev-tenant-onboarding',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
    });
    const machine = Object.values(servicesJson.Resources).find((r: any) => r.Type === 'AWS::StepFunctions::StateMachine') as any;
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    for (const state of ['CreateProfile', 'CreateTenantAdmin', 'ActivateTenant', 'MarkFailed', 'OnboardingFailed', 'Onboarded']) {
      expect(definition).toContain(`\\"${state}\\"`);
    }
    expect(definition).not.toContain('JSONata');
  });

  it('defines the application lifecycle with task-token waits for payment and decision', () => {
    const { servicesJson } = synthesized.templates.dev;
    const machine = Object.values(servicesJson.Resources).find(
      (r: any) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === 'openkreis-dev-application-lifecycle',
    ) as any;
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    const definition = JSON.parse(
      (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'X')).join(''),
    );
    expect(definition.States.WaitForPayment.Resource).toMatch(/lambda:invoke\.waitForTaskToken$/);
    expect(definition.States.WaitForPayment.TimeoutSecondsPath).toBe('$.fee.paymentTimeoutSeconds');
    expect(definition.States.AwaitDecision.Resource).toMatch(/lambda:invoke\.waitForTaskToken$/);
    // Every failure after the payment ends in the compensation.
    for (const state of ['RunChecks', 'IssueDocuments', 'RefundRejected']) {
      expect(definition.States[state].Catch.some((c: any) => c.ErrorEquals.includes('States.ALL') && c.Next === 'Compensate')).toBe(true);
    }
    // Billed per transition: a paid application approved automatically passes 8 states, no state only records a status.
    const happyPath: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; ) {
      happyPath.push(name);
      const state = definition.States[name];
      name = state.Type === 'Choice' ? (state.Choices.find((c: any) => c.NumericGreaterThan === 0)?.Next ?? state.Default) : state.Next;
    }
    expect(happyPath).toEqual(['FeeDue', 'CreatePayment', 'RecordAwaitingPayment', 'WaitForPayment', 'RunChecks', 'NeedsDecision', 'IssueDocuments', 'Done']);
  });

  it('schedules the outbox flush every five minutes and the renewal reminders daily', () => {
    const { services } = synthesized.templates.dev;
    services.hasResourceProperties('AWS::Events::Rule', { Name: 'openkreis-dev-outbox-flush', ScheduleExpression: 'rate(5 minutes)' });
    services.hasResourceProperties('AWS::Events::Rule', { Name: 'openkreis-dev-permit-renewal-reminders', ScheduleExpression: 'cron(0 5 * * ? *)' });
  });

  it('tells citizens the county’s outcome of their vehicle tasks every five minutes, from a function that may send e-mail', () => {
    const { services } = synthesized.templates.dev;
    services.hasResourceProperties('AWS::Events::Rule', { Name: 'openkreis-dev-vehicle-task-outcomes', ScheduleExpression: 'rate(5 minutes)' });
    services.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'services/address-change/handover-news.handler',
      Environment: { Variables: Match.objectLike({ NOTIFICATION_FROM_ADDRESS: Match.anyValue(), TABLE_NAME: Match.anyValue() }) },
    });
  });

  it('signs documents with a retained asymmetric KMS key that only document-issuing functions may use', () => {
    const { data, servicesJson } = synthesized.templates.dev;
    data.hasResource('AWS::KMS::Key', { Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, DeletionPolicy: 'Retain' });
    const signers = Object.values(servicesJson.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy')
      .filter((p: any) => p.Properties.PolicyDocument.Statement.some((s: any) => [s.Action].flat().includes('kms:Sign')))
      .map((p: any) => JSON.stringify(p.Properties.Roles));
    // Only the functions that issue documents may sign: permits (and other documents) after approval, certificates on
    // their first download. Completing a course records the certificate without signing anything.
    const issuers = ['ApplicationIssueDocuments', 'TrainingDownloadCertificate'];
    expect(signers).toHaveLength(issuers.length);
    for (const issuer of issuers) expect(signers.join()).toContain(issuer);
    const verify = Object.values(servicesJson.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('DocumentsVerify'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(verify).toContain('kms:GetPublicKey');
    expect(verify).not.toContain('kms:Sign');
  });

  it('lets only payment functions read the webhook secret (the repair reconciles and refunds payments)', () => {
    const { servicesJson } = synthesized.templates.dev;
    const readers = Object.values(servicesJson.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy')
      .filter((p: any) => p.Properties.PolicyDocument.Statement.some((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue')))
      .map((p: any) => JSON.stringify(p.Properties.Roles));
    expect(readers.length).toBeGreaterThan(0);
    for (const roles of readers) expect(roles).toMatch(/Payment|ApplicationRepair/);
  });

  it('schedules the application repair every ten minutes, with exactly the workflow actions it needs on the one state machine', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { services, servicesJson } = synthesized.templates[stage];
      services.hasResourceProperties('AWS::Events::Rule', { Name: `openkreis-${stage}-application-repair`, ScheduleExpression: 'rate(10 minutes)' });
      const [repair] = Object.entries(servicesJson.Resources).filter(([, r]: any) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['OpenKreis::Handler'] === 'applications/repair.handler') as Array<[string, any]>;
      expect(repair![1].Properties.Timeout).toBe(300);
      const statements = Object.values(servicesJson.Resources)
        .filter((r: any) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('ApplicationRepairServiceRole'))
        .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      const states = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('states:')));
      const resourceOf = (s: any) => JSON.stringify(s.Resource);
      expect(states.map((s: any) => [[s.Action].flat().sort(), resourceOf(s)])).toEqual(
        expect.arrayContaining([
          [['states:StartExecution'], expect.stringContaining(`stateMachine:openkreis-${stage}-application-lifecycle"`)],
          [['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'], expect.stringContaining(`stateMachine:openkreis-${stage}-application-lifecycle"`)],
          [['states:DescribeExecution'], expect.stringContaining(`execution:openkreis-${stage}-application-lifecycle:*"`)],
        ]),
      );
      expect(states).toHaveLength(3);
      // No other state machine, and nothing beyond describe/start/answer (no StopExecution, no wildcard actions).
      for (const statement of states) expect(resourceOf(statement)).toContain(`openkreis-${stage}-application-lifecycle`);
      expect(states.flatMap((s: any) => [s.Action].flat())).not.toContain('states:*');
    }
  });

  it('runs the payment sandbox redelivery every minute outside production only', () => {
    synthesized.templates.dev.services.hasResourceProperties('AWS::Events::Rule', { Name: 'openkreis-dev-payment-sandbox-redelivery', ScheduleExpression: 'rate(1 minute)' });
    expect(Object.keys(synthesized.templates.prod.services.findResources('AWS::Events::Rule', { Properties: { Name: 'openkreis-prod-payment-sandbox-redelivery' } }))).toEqual([]);
  });

  it('keeps every stack below CloudFormation\'s limit of 500 resources, with room to grow', () => {
    // data, services, workflows, web and one stack per route group, in each of the two stages.
    expect(synthesized.resourceCounts.length).toBe(2 * (4 + ROUTE_GROUPS.length));
    for (const count of synthesized.resourceCounts) expect(count.resources, count.stack).toBeLessThan(450);
  });
});

/** A function of the merged services + workflows template, with what its own role may do. */
interface FunctionGrants {
  logicalId: string;
  handler: string;
  environment: Record<string, unknown>;
  statements: any[];
  roleTags: Record<string, string>;
}

function functionGrants(json: any): FunctionGrants[] {
  const resources = json.Resources as Record<string, any>;
  const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['OpenKreis::Handler'])
    .map(([logicalId, fn]) => {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = policies
        .filter((policy) => (policy.Properties.Roles as any[]).some((role) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      const roleTags = Object.fromEntries(((resources[roleId].Properties.Tags ?? []) as Array<{ Key: string; Value: string }>).map((tag) => [tag.Key, tag.Value]));
      return { logicalId, handler: fn.Metadata['OpenKreis::Handler'], environment: fn.Properties.Environment?.Variables ?? {}, statements, roleTags };
    });
}

const actionsOf = (statement: any): string[] => [statement.Action].flat();
const tableStatements = (grants: FunctionGrants) => grants.statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
const refersToTenantAccessRole = (value: unknown) => /TenantAccessRole/.test(JSON.stringify(value));

describe('table access: every function acts for one tenant through the tenant access role, or is listed with a reason', () => {
  for (const stage of ['dev', 'prod'] as const) {
    it(`${stage}: the tenant access role reaches only the session tenant's items and trusts only this stage's tagged functions, with one TenantId tag of a known tenant`, () => {
      const { services, servicesJson } = synthesized.templates[stage];
      const roles = Object.entries(servicesJson.Resources as Record<string, any>).filter(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith('TenantAccessRole'));
      expect(roles).toHaveLength(1);
      const [roleId, role] = roles[0]!;
      services.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
              Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/TenantId}#*'] } },
            }),
          ]),
        },
        Roles: [{ Ref: roleId }],
      });
      const trust = role.Properties.AssumeRolePolicyDocument.Statement as any[];
      expect(trust).toHaveLength(1);
      expect(trust[0]).toEqual({
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Principal: { AWS: expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/:root$/)])] }) },
        Condition: {
          StringEquals: { [`aws:PrincipalTag/${TENANT_ACCESS_TAG}`]: `openkreis-${stage}`, 'aws:RequestTag/TenantId': [...STAGES[stage].tenantIds] },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['TenantId'] },
        },
      });
    });
  }

  it('knows exactly the seeded tenants (the county and its municipalities) as session tags, in both stages', () => {
    const seeded = SEED_TENANTS.map((tenant) => tenant.input.id).sort();
    for (const stage of ['dev', 'prod'] as const) {
      expect([...STAGES[stage].tenantIds].sort()).toEqual(seeded);
      expect(STAGES[stage].tenantIds).toContain(STAGES[stage].countyTenantId);
    }
  });

  for (const stage of ['dev', 'prod'] as const) {
    it(`${stage}: gives every function either no table rights of its own and only the tenant access role, or whole-table rights with a declared reason`, () => {
      const all = functionGrants(synthesized.templates[stage].servicesJson);
      const routeAccess = new Map(routes.map((route) => [route.handler, route.access]));
      const problems: string[] = [];
      for (const grants of all) {
        const table = tableStatements(grants);
        const assumes = grants.statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sts:')));
        const tenantScoped =
          grants.roleTags[TENANT_ACCESS_TAG] === `openkreis-${stage}` &&
          refersToTenantAccessRole(grants.environment.TENANT_ACCESS_ROLE_ARN) &&
          assumes.length === 1 &&
          actionsOf(assumes[0]).sort().join() === 'sts:AssumeRole,sts:TagSession' &&
          refersToTenantAccessRole(assumes[0].Resource);
        const expected = routeAccess.has(grants.handler)
          ? ({ tenant: 'tenant', county: 'table', system: 'table', none: 'none' } as const)[routeAccess.get(grants.handler)!]
          : STEP_TABLE_ACCESS[grants.handler]?.scope;
        if (!expected) {
          problems.push(`${grants.handler}: not in the route table and not declared in infra/stacks/table-access.ts`);
          continue;
        }
        const actual = tenantScoped && table.length === 0 ? 'tenant' : !tenantScoped && table.length > 0 ? 'table' : !tenantScoped && assumes.length === 0 && table.length === 0 ? 'none' : 'mixed';
        if (actual !== expected) problems.push(`${grants.handler}: expected ${expected} table access, has ${actual}`);
      }
      expect(problems).toEqual([]);
      // Every declared step exists, and every whole-table step says why.
      const handlers = new Set(all.map((grants) => grants.handler));
      for (const [handler, access] of Object.entries(STEP_TABLE_ACCESS)) {
        // The payment sandbox and its schedule exist outside prod only.
        if (!(stage === 'prod' && handler.startsWith('payments/sandbox/'))) expect(handlers.has(handler), handler).toBe(true);
        if (access.scope === 'table') expect(access.reason.length, handler).toBeGreaterThan(40);
      }
    });
  }

  for (const stage of ['dev', 'prod'] as const) {
    it(`${stage}: denies every identity that reaches the table changing or deleting an audit trail item (append-only in IAM)`, () => {
      const deny = {
        Effect: 'Deny',
        Action: [...AUDIT_REWRITE_ACTIONS],
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...AUDIT_LEADING_KEYS] } },
      };
      const { servicesJson } = synthesized.templates[stage];
      const [roleId] = Object.entries(servicesJson.Resources as Record<string, any>).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith('TenantAccessRole'))!;
      const roleStatements = Object.values(servicesJson.Resources as Record<string, any>)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as any[]).some((role) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      expect(roleStatements).toEqual(expect.arrayContaining([expect.objectContaining(deny)]));
      // Every function with table rights of its own carries the same Deny; the others reach the table only via the role.
      const wholeTable = functionGrants(servicesJson).filter((grants) => tableStatements(grants).some((statement) => statement.Effect === 'Allow'));
      expect(wholeTable.length).toBeGreaterThan(0);
      for (const grants of wholeTable) expect(grants.statements, grants.handler).toEqual(expect.arrayContaining([expect.objectContaining(deny)]));
      // The writer needs none of the denied actions: it appends with conditional puts in one transaction.
      expect(AUDIT_REWRITE_ACTIONS).not.toContain('dynamodb:PutItem');
    });
  }

  it('lists every workflow step and schedule that acts for a tenant as tenant-scoped, except the few whole-table ones with their reasons', () => {
    const wholeTable = Object.entries(STEP_TABLE_ACCESS).filter(([, access]) => access.scope === 'table').map(([handler]) => handler).sort();
    expect(wholeTable).toEqual([
      'applications/repair.handler',
      'payments/reconcile.handler',
      'payments/sandbox/redeliver.handler',
      'payments/workflow/await-payment.handler',
      'payments/workflow/cancel-payment.handler',
      'payments/workflow/create-payment.handler',
      'payments/workflow/refund-payment.handler',
      'tenants/onboarding/activate.handler',
      'training/daily.handler',
      'training/xapi-forward.handler',
    ]);
  });

  it('lets the step that writes the handovers (IssueDocuments) reach the table only through the tenant access role', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const [issuing] = functionGrants(synthesized.templates[stage].servicesJson).filter((grants) => grants.handler === 'applications/workflow/issue-documents.handler');
      expect(issuing).toBeDefined();
      expect(tableStatements(issuing!)).toEqual([]);
      const sts = issuing!.statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sts:') || action.startsWith('iam:')));
      expect(sts).toEqual([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: expect.anything() }]);
      expect(refersToTenantAccessRole(sts[0].Resource)).toBe(true);
      expect(refersToTenantAccessRole(issuing!.environment.TENANT_ACCESS_ROLE_ARN)).toBe(true);
      expect(issuing!.roleTags[TENANT_ACCESS_TAG]).toBe(`openkreis-${stage}`);
      // Nothing else it may do names the table or a wildcard resource.
      for (const statement of issuing!.statements) expect(JSON.stringify(statement.Resource ?? '')).not.toMatch(/"\*"|table\//);
    }
  });
});
