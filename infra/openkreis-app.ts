import { App, Stack, Stage, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { STAGES, type StageConfig } from './stage-config.ts';
import { DataStack } from './stacks/data-stack.ts';
import { ROUTE_GROUPS, ServicesStack, type RouteGroup } from './stacks/services-stack.ts';

/** One deployable stage: stateful data + stateless services (the API, its route stacks, the workflows). */
export class OpenKreisStage extends Stage {
  readonly data: DataStack;
  readonly services: ServicesStack;
  readonly workflows: Stack;
  readonly routeStacks: Readonly<Record<RouteGroup, Stack>>;

  /** Every stack but the data stack: one description, split for CloudFormation's size limits. */
  get statelessStacks(): Stack[] {
    return [this.services, this.workflows, ...Object.values(this.routeStacks)];
  }

  constructor(scope: Construct, config: StageConfig, env: Environment) {
    super(scope, config.stage, { env });
    this.data = new DataStack(this, 'Data', { config, stackName: `openkreis-${config.stage}-data`, terminationProtection: config.deletionProtection });
    this.workflows = new Stack(this, 'Workflows', { stackName: `openkreis-${config.stage}-workflows`, env });
    this.routeStacks = Object.fromEntries(
      ROUTE_GROUPS.map((group) => [group, new Stack(this, `Api${group.charAt(0).toUpperCase()}${group.slice(1)}`, { stackName: `openkreis-${config.stage}-api-${group}`, env })]),
    ) as Record<RouteGroup, Stack>;
    this.services = new ServicesStack(this, 'Services', {
      workflows: this.workflows,
      routeStacks: this.routeStacks,
      config,
      stackName: `openkreis-${config.stage}-services`,
      key: this.data.key,
      signingKey: this.data.signingKey,
      table: this.data.table,
      bucket: this.data.bucket,
      userPool: this.data.userPool,
      userPoolClient: this.data.userPoolClient,
    });
    for (const stack of this.statelessStacks) stack.addStackDependency(this.data);
    for (const stack of Object.values(this.routeStacks)) stack.addStackDependency(this.services);
  }
}

export interface OpenKreisAppOptions extends AppProps {
  /** The AWS account; the local runtime passes a fake one so that names resolve to plain strings. */
  readonly account?: string;
}

/** Builds the app with both stages and cdk-nag's AwsSolutions checks on every stack. */
export function createOpenKreisApp(options: OpenKreisAppOptions = {}): { app: App; stages: Record<StageConfig['stage'], OpenKreisStage> } {
  const { account, ...appProps } = options;
  const app = new App(appProps);
  const stages = {
    dev: new OpenKreisStage(app, STAGES.dev, { region: STAGES.dev.region, account: account ?? process.env.CDK_DEFAULT_ACCOUNT }),
    prod: new OpenKreisStage(app, STAGES.prod, { region: STAGES.prod.region, account: account ?? process.env.CDK_DEFAULT_ACCOUNT }),
  };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stages };
}
