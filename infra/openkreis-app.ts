import { fileURLToPath } from 'node:url';
import { App, Lazy, Stack, Stage, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { STAGES, type StageConfig } from './stage-config.ts';
import { DataStack } from './stacks/data-stack.ts';
import { ROUTE_GROUPS, ServicesStack, type RouteGroup } from './stacks/services-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** The built web app that `cdk deploy` uploads (`infra/app.ts` builds it before synthesizing). */
export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * One deployable stage: stateful data, stateless services (the API, its route stacks, the workflows) and the web app
 * (S3 + CloudFront in front of the app and the API).
 */
export class OpenKreisStage extends Stage {
  readonly data: DataStack;
  readonly services: ServicesStack;
  readonly workflows: Stack;
  readonly routeStacks: Readonly<Record<RouteGroup, Stack>>;
  readonly web: WebStack;

  /** Every stack but the data stack: one description, split for CloudFormation's size limits. */
  get statelessStacks(): Stack[] {
    return [this.services, this.workflows, ...Object.values(this.routeStacks)];
  }

  constructor(scope: Construct, config: StageConfig, env: Environment, webDist: string) {
    super(scope, config.stage, { env });
    this.data = new DataStack(this, 'Data', { config, stackName: `openkreis-${config.stage}-data`, terminationProtection: config.deletionProtection });
    this.workflows = new Stack(this, 'Workflows', { stackName: `openkreis-${config.stage}-workflows`, env });
    this.routeStacks = Object.fromEntries(
      ROUTE_GROUPS.map((group) => [group, new Stack(this, `Api${group.charAt(0).toUpperCase()}${group.slice(1)}`, { stackName: `openkreis-${config.stage}-api-${group}`, env })]),
    ) as Record<RouteGroup, Stack>;
    // The functions put the site's URL into links (QR codes, e-mails, payment returns); the distribution needs the API as
    // its origin. The URL is read when the templates are written, after the web stack exists: the function stacks
    // import it from the web stack, which imports the API from the services stack — no cycle.
    let web: WebStack | undefined;
    this.services = new ServicesStack(this, 'Services', {
      siteUrl: Lazy.string({ produce: () => web!.siteUrl }),
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
    this.web = web = new WebStack(this, 'Web', {
      config,
      env,
      stackName: `openkreis-${config.stage}-web`,
      api: this.services.api,
      userPoolClient: this.data.userPoolClient,
      accessLogs: this.data.accessLogs,
      webDist,
    });
    for (const stack of this.statelessStacks) stack.addStackDependency(this.data);
    for (const stack of Object.values(this.routeStacks)) stack.addStackDependency(this.services);
  }
}

export interface OpenKreisAppOptions extends AppProps {
  /** The AWS account; the local runtime passes a fake one so that names resolve to plain strings. */
  readonly account?: string;
  /** The built web app; tests and the local runtime pass a stand-in, so that they need no build. */
  readonly webDist?: string;
}

/** Builds the app with both stages and cdk-nag's AwsSolutions checks on every stack. */
export function createOpenKreisApp(options: OpenKreisAppOptions = {}): { app: App; stages: Record<StageConfig['stage'], OpenKreisStage> } {
  const { account, webDist = WEB_DIST, ...appProps } = options;
  const app = new App(appProps);
  const stages = {
    dev: new OpenKreisStage(app, STAGES.dev, { region: STAGES.dev.region, account: account ?? process.env.CDK_DEFAULT_ACCOUNT }, webDist),
    prod: new OpenKreisStage(app, STAGES.prod, { region: STAGES.prod.region, account: account ?? process.env.CDK_DEFAULT_ACCOUNT }, webDist),
  };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stages };
}
