import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGES } from '../stage-config.ts';
import { localAwsEnvironment, type LocalEndpoints } from './emulators/aws-clients.ts';
import { bootstrapResources } from './emulators/bootstrap.ts';
import { startCognitoLocal } from './emulators/cognito-local.ts';
import type { LocalUserPool } from './emulators/cognito-pools.ts';
import { startDynamoDbLocal } from './emulators/dynamodb-local.ts';
import { freePort, type RunningEmulator } from './emulators/lifecycle.ts';
import { startS3 } from './emulators/s3.ts';
import { startSesLocal } from './emulators/ses-local.ts';
import { resourcesOfType, type CloudFormationTemplate } from './emulators/template.ts';
import { lambdaContext } from './http/api-event.ts';
import { LocalJwtAuthorizer } from './http/jwt.ts';
import { startLocalApi, type LocalApi } from './http/server.ts';
import { localWeb } from './http/web.ts';
import { cognitoProxy } from './http/cognito-proxy.ts';
import { loadHandler } from './handlers.ts';
import { localRoutes } from './local-routes.ts';
import type { RequestLog } from './request-log.ts';
import { SEED_USERS, type SeedUser } from './seed/county.ts';
import { startSchedules } from './schedules.ts';
import { ensureLocalSigningKey } from '#functions/documents/local-key';
import { startStepFunctionsEndpoint, stateMachinesFromTemplate, functionLogicalIdFromArn } from './stepfunctions/index.ts';
import { LOCAL_ACCOUNT, synthesizeForLocal } from './synth.ts';

const HANDLER_METADATA_KEY = 'OpenKreis::Handler';

/** Where the browser reaches cognito-local (same origin; in AWS it calls cognito-idp.<region>.amazonaws.com). */
const COGNITO_PROXY_PATH = '/local/cognito';

/**
 * Environment variables the infrastructure injects in AWS but not locally: tenant-scoped credentials (no STS
 * emulator; see `core/ddb.ts`), and the AWS adapters whose local adapters get their own variables
 * (Secrets Manager → `PAYMENT_WEBHOOK_SECRET`, KMS signing → `SIGNING_KEY_FILE`).
 */
const AWS_ONLY_VARIABLES = new Set([
  'TENANT_ACCESS_ROLE_ARN',
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
  'PAYMENT_WEBHOOK_SECRET_ARN',
  'SIGNING_KMS_KEY_ID',
]);

export interface PlatformOptions {
  /** Persistent data directory (`.data/`); omitted → everything in memory / a temporary directory (tests). */
  dataDir?: string;
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Start from empty data. */
  reset?: boolean;
  /** `manual`: schedules run only through `POST /local/schedules/<name>/run` (tests that decide when a repair runs). */
  schedules?: 'timers' | 'manual';
  /**
   * Check every answer of the API against the responses its route declares (the OpenAPI contract): a mismatch is a
   * 500 naming the drift (`functions/core/response-check.ts`). On for `npm start` and the tests, off for the bench.
   */
  contractChecks?: boolean;
  log?: (message: string) => void;
  /** One entry per API request and per workflow step (`npm start` prints them unless `--quiet`). */
  requestLog?: RequestLog;
}

export interface Platform {
  url: string;
  endpoints: Required<LocalEndpoints> & { sfn: string };
  userPool: LocalUserPool;
  users: SeedUser[];
  environment: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The whole county platform on 127.0.0.1: emulators, the resources of the synthesized templates, the local
 * Step Functions endpoint running the synthesized state machines, the seeded county, and the HTTP API.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const persistent = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'openkreis-'));
  if (options.reset && persistent) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const running: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const item of running.reverse()) await item.stop().catch(() => undefined);
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    log('Synthesizing the CDK app (dev stage) …');
    const templates = synthesizeForLocal();

    log('Starting DynamoDB Local, s3rver, cognito-local and aws-ses-v2-local …');
    const started = await Promise.allSettled([
      startDynamoDbLocal({ port: await freePort(), ...(persistent ? { dataDir: sub(dataDir, 'dynamodb') } : {}) }),
      startS3({ port: await freePort(), directory: sub(dataDir, 's3') }),
      startCognitoLocal({ port: await freePort(), directory: sub(dataDir, 'cognito') }),
      startSesLocal({ port: await freePort() }),
    ] as const);
    // Whatever did start is stopped again if anything failed.
    for (const result of started) if (result.status === 'fulfilled') running.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [dynamodb, s3, cognito, ses] = started.map((result) => (result as PromiseFulfilledResult<RunningEmulator>).value) as [
      RunningEmulator,
      RunningEmulator,
      RunningEmulator,
      RunningEmulator,
    ];

    const endpoints = { dynamodb: dynamodb.endpoint, s3: s3.endpoint, cognito: cognito.endpoint, ses: ses.endpoint };
    // The API's own URL goes into payment links and QR codes, so its port is fixed before anything starts; the site's
    // origin is also the one the documents bucket lets browsers upload from.
    const apiPort = options.port === 0 ? await freePort() : options.port;
    const resources = await bootstrapResources(templates.data, endpoints, { siteOrigins: [`http://localhost:${apiPort}`, `http://127.0.0.1:${apiPort}`] });
    for (const note of resources.notes) log(`Note: ${note}`);
    const userPool = Object.values(resources.userPools)[0];
    const tableName = Object.values(resources.tables)[0];
    const bucketName = Object.values(resources.buckets).find((name) => name.includes('documents'));
    if (!userPool || !tableName || !bucketName) throw new Error('The data stack template lacks the table, bucket or user pool');

    const machines = stateMachinesFromTemplate(templates.services, { region: STAGES.dev.region, account: LOCAL_ACCOUNT });
    const sfnPort = await freePort();
    const secrets = localSecrets(dataDir);
    const signingKeyFile = path.join(dataDir, 'signing-key.json');
    await ensureLocalSigningKey(signingKeyFile);
    const environment: Record<string, string> = {
      ...localAwsEnvironment(endpoints),
      AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${sfnPort}`,
      TABLE_NAME: tableName,
      BUCKET_NAME: bucketName,
      USER_POOL_ID: userPool.userPoolId,
      COUNTY_TENANT_ID: STAGES.dev.countyTenantId,
      ONBOARDING_STATE_MACHINE_ARN: machineArn(machines, 'tenant-onboarding'),
      ACCOUNTS_STATE_MACHINE_ARN: machineArn(machines, 'tenant-accounts'),
      APPLICATIONS_STATE_MACHINE_ARN: machineArn(machines, 'application-lifecycle'),
      PUBLIC_API_URL: `http://localhost:${apiPort}`,
      // The portal and the API share this one origin locally (`functions/core/site.ts`).
      PUBLIC_SITE_URL: `http://localhost:${apiPort}`,
      NOTIFICATION_FROM_ADDRESS: STAGES.dev.notificationFromAddress,
      PAYMENT_PROVIDER: STAGES.dev.paymentProvider,
      PAYMENT_WEBHOOK_SECRET: secrets.paymentWebhookSecret,
      SIGNING_KEY_FILE: signingKeyFile,
      TRAINING_CONTENT_DIR: fileURLToPath(new URL('../../training-content/', import.meta.url)),
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      OPENKREIS_CONTRACT_CHECKS: options.contractChecks ? 'on' : 'off',
    };
    assertEnvironmentComplete(templates.services, environment);
    // Handlers read configuration at load time and are loaded on first use: the environment is set before.
    Object.assign(process.env, environment);

    const sfn = await startStepFunctionsEndpoint({
      port: sfnPort,
      dataDir: sub(dataDir, 'stepfunctions'),
      stateMachines: machines,
      invokeLambda: (functionArn, payload) => invokeTemplateFunction(templates.services, functionArn, payload, options.requestLog),
      logger: {
        info: (message, extra) => log(`[stepfunctions] ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
        error: (message, extra) => console.error(`[stepfunctions] ${message}`, extra ?? ''),
      },
    });
    running.push(sfn);

    const password = secrets.demoPassword;
    log('Seeding the county and its municipalities …');
    const { seedCounty } = await import('./seed/seed.ts');
    await seedCounty(userPool, password);

    const schedules = startSchedules(templates.services, log, { timers: options.schedules !== 'manual' });
    running.push({ stop: async () => schedules.stop() });

    const api: LocalApi = await startLocalApi({
      port: apiPort,
      authorizer: new LocalJwtAuthorizer({ issuer: userPool.issuer, audience: userPool.userPoolClientId, jwksUrl: userPool.jwksUrl }),
      localRoutes: localRoutes({ userPool, password, endpoints: { ...endpoints, sfn: sfn.url }, tableName, bucketName, schedules }),
      // The browser signs in at Cognito's JSON API; locally that is cognito-local behind this same-origin proxy.
      localPrefixes: { [COGNITO_PROXY_PATH]: cognitoProxy(endpoints.cognito) },
      web: localWeb({
        config: { apiBase: '/api', cognitoEndpoint: COGNITO_PROXY_PATH, userPoolClientId: userPool.userPoolClientId, stage: 'local' },
        uploadOrigin: endpoints.s3,
      }),
      onError: (error) => log(`Unhandled error in the local HTTP API: ${(error as Error).message}`),
      ...(options.requestLog ? { requestLog: options.requestLog } : {}),
    });
    running.push({ stop: () => api.close() });

    return {
      url: api.url,
      endpoints: { ...endpoints, sfn: sfn.url },
      userPool,
      users: SEED_USERS,
      environment,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function sub(dataDir: string, name: string): string {
  const dir = path.join(dataDir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function machineArn(machines: Array<{ arn: string; name: string }>, suffix: string): string {
  const machine = machines.find((candidate) => candidate.name.endsWith(suffix));
  if (!machine) throw new Error(`No state machine named *${suffix} in the services template`);
  return machine.arn;
}

/**
 * The local runtime sets one environment for all handlers. This check keeps it honest: every variable that a
 * function of the template declares must be provided here, so a new variable in the CDK app cannot be forgotten.
 */
function assertEnvironmentComplete(template: CloudFormationTemplate, environment: Record<string, string>): void {
  const missing = new Set<string>();
  for (const fn of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const variables = (fn.properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables ?? {};
    for (const name of Object.keys(variables)) {
      if (!AWS_ONLY_VARIABLES.has(name) && environment[name] === undefined) missing.add(name);
    }
  }
  if (missing.size > 0) throw new Error(`The local runtime does not provide: ${[...missing].join(', ')}`);
}

/** A Lambda task of a state machine → the function in the template → its handler module (metadata). */
async function invokeTemplateFunction(template: CloudFormationTemplate, functionArn: string, payload: unknown, requestLog?: RequestLog): Promise<unknown> {
  const logicalId = functionLogicalIdFromArn(functionArn);
  const resource = template.Resources?.[logicalId] as { Metadata?: Record<string, unknown> } | undefined;
  const module = resource?.Metadata?.[HANDLER_METADATA_KEY];
  if (typeof module !== 'string') throw new Error(`No handler module recorded for function ${logicalId}`);
  const handler = await loadHandler(module);
  const requestId = randomUUID();
  const at = new Date();
  const started = performance.now();
  const logged = (outcome: string) => requestLog?.({ kind: 'step', at, function: module, outcome, durationMs: performance.now() - started, requestId });
  try {
    const result = await handler(payload, lambdaContext(logicalId, 60_000, requestId));
    logged('ok');
    return result;
  } catch (error) {
    // The error's name is the Lambda error type the state machine catches (`ApplicationStateConflict`), never data.
    logged((error as Error).name || 'Error');
    throw error;
  }
}

/** Local secrets (demo password, webhook secret): random per data directory, never in the repository. */
function localSecrets(dataDir: string): { demoPassword: string; paymentWebhookSecret: string } {
  const file = path.join(dataDir, 'local-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<{ demoPassword: string; paymentWebhookSecret: string }>) : {};
  const secrets = {
    demoPassword: stored.demoPassword ?? `Ok-${randomBytes(12).toString('base64url')}-9a`,
    paymentWebhookSecret: stored.paymentWebhookSecret ?? randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
