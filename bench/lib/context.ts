/**
 * What every benchmark shares: the local platform (started once, in this process, like `npm start`), an HTTP client,
 * the demo users' claims, and helpers that create realistic data (resident parking applications with distinct plates
 * and addresses, training employees).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { lambdaContext } from '../../infra/local/http/api-event.ts';
import { Api, claimsOf, until } from './api.ts';
import { installAwsCallCounter, takeCalls } from './aws-calls.ts';
import type { BenchSize } from './size.ts';

export type LambdaHandler = (event: any, context: Context) => Promise<any>;

export interface BenchContext {
  size: BenchSize;
  platform: Platform;
  api: Api;
  log: (message: string) => void;
  /** Claims as the JWT authorizer delivers them (every value a string). */
  claims(username: string): Promise<Record<string, string>>;
  handler(module: string): Promise<LambdaHandler>;
  /** A resident parking form with a plate and an address no other application of this run uses. */
  parkingForm(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Submits over HTTP, pays in the sandbox and waits until completed; returns the completed application. */
  completeApplication(as?: string): Promise<any>;
  stop(): Promise<void>;
}

export const CITIZEN = 'citizen@neuss.openkreis.test';
export const CASEWORKER = 'caseworker@neuss.openkreis.test';
export const TENANT_ADMIN = 'tenant-admin@neuss.openkreis.test';
export const TENANT = 'neuss';

const STREETS = ['Oberstraße', 'Niederstraße', 'Markt', 'Krefelder Straße'];
const LETTERS = 'ABCDEFGHIJKLMNOPRSTUVWXYZ';

let sequence = 0;

/** `NE-AB 123`: unique per call within a run (two letters × 1–9999). */
export function uniquePlate(): string {
  sequence += 1;
  const number = (sequence % 9000) + 1;
  const block = Math.floor(sequence / 9000);
  return `NE-${LETTERS[block % LETTERS.length]}${LETTERS[Math.floor(block / LETTERS.length) % LETTERS.length]} ${number}`;
}

let addressSequence = 0;
function uniqueAddress() {
  addressSequence += 1;
  return {
    street: STREETS[addressSequence % STREETS.length]!,
    houseNumber: String(Math.floor(addressSequence / STREETS.length) + 1),
    postcode: '41460',
    city: 'Neuss',
  };
}

export function parkingForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    residence: uniqueAddress(),
    registeredAtAddressSince: '2020-03-01',
    plate: uniquePlate(),
    vehicle: { relation: 'keeper', weightKg: 1400 },
    zoneId: 'NE-1',
    validityMonths: 12,
    consent: true,
    ...overrides,
  };
}

/** An API Gateway payload 2.0 event, as the local HTTP adapter (and AWS) builds it. */
export function httpEvent(input: {
  routeKey: string;
  claims?: Record<string, string>;
  body?: unknown;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = input.routeKey.split(' ') as [string, string];
  const rawPath = Object.entries(input.pathParameters ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, encodeURIComponent(v)), path);
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { host: 'localhost', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...input.headers },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      ...(input.claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } } } : {}),
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'openkreis-bench' },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export function context(functionName: string): Context {
  return lambdaContext(functionName);
}

export async function startBenchContext(size: BenchSize, log: (message: string) => void): Promise<BenchContext> {
  // Counting starts before anything creates a client, though the patch works on existing clients too.
  installAwsCallCounter();
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const started = Date.now();
  const platform = await startPlatform({ port: 0 });
  // Seeding made SDK calls; they are nobody's request.
  takeCalls();
  log(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${platform.url}`);
  const api = new Api(platform.url);
  const claimsCache = new Map<string, Record<string, string>>();
  const { stringifyClaims } = await import('../../infra/local/http/jwt.ts');
  const handlers = new Map<string, Promise<LambdaHandler>>();

  const ctx: BenchContext = {
    size,
    platform,
    api,
    log,
    async claims(username) {
      const cached = claimsCache.get(username);
      if (cached) return cached;
      const claims = stringifyClaims(claimsOf(await api.token(username)) as Parameters<typeof stringifyClaims>[0]);
      claimsCache.set(username, claims);
      return claims;
    },
    handler(module) {
      let loaded = handlers.get(module);
      if (!loaded) {
        // The same module instances the platform serves (same file URLs), loaded from the TypeScript sources.
        loaded = import(new URL(`../../functions/${module}.ts`, import.meta.url).href).then((exports: { handler: LambdaHandler }) => exports.handler);
        handlers.set(module, loaded);
      }
      return loaded;
    },
    parkingForm,
    async completeApplication(as = CITIZEN) {
      const submitted = await api.call('POST', '/applications', {
        as,
        body: { serviceId: 'resident-parking', form: parkingForm() },
        headers: { 'idempotency-key': randomUUID() },
      });
      if (submitted.status !== 201) throw new Error(`bench: submit failed ${submitted.status} ${JSON.stringify(submitted.body)}`);
      const id = submitted.body.applicationId as string;
      const awaiting = await until(async () => {
        const response = await api.call('GET', `/applications/${id}`, { as });
        return response.body.status === 'awaiting-payment' ? response.body : undefined;
      });
      // The citizen follows the payment link (the applicant's view has no payment id).
      const paid = await api.call('POST', new URL(awaiting.payment.checkoutUrl).pathname, { body: { action: 'pay' } });
      if (paid.status !== 200) throw new Error(`bench: payment failed ${paid.status} ${JSON.stringify(paid.body)}`);
      return until(async () => {
        const response = await api.call('GET', `/applications/${id}`, { as });
        if (['failed', 'payment-failed', 'rejected'].includes(response.body.status)) throw new Error(`bench: application ended ${response.body.status}`);
        return response.body.status === 'completed' ? response.body : undefined;
      });
    },
    stop: () => platform.stop(),
  };
  return ctx;
}
