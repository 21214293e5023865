import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { Role } from '../../functions/core/roles.ts';

export interface TestCaller {
  tenantId: string;
  roles: Role[];
  sub?: string;
  /** Further claims of the token, e.g. `custom:trustLevel`. */
  claims?: Record<string, string>;
}

/**
 * An API Gateway HTTP API (payload 2.0) event as AWS delivers it behind the JWT authorizer: claims are strings and
 * `cognito:groups` is the bracketed, space-separated form.
 */
export function httpEvent(input: {
  routeKey: string;
  caller?: TestCaller;
  body?: unknown;
  rawBody?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = input.routeKey.split(' ') as [string, string];
  const rawPath = Object.entries(input.pathParameters ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, v), path);
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...input.headers },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      ...(input.caller
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: {
                claims: {
                  sub: input.caller.sub ?? `user-${input.caller.tenantId}`,
                  'custom:tenantId': input.caller.tenantId,
                  'cognito:groups': `[${input.caller.roles.join(' ')}]`,
                  email: `someone@${input.caller.tenantId}.openkreis.test`,
                  exp: String(Math.floor(Date.now() / 1000) + 3600),
                  ...input.caller.claims,
                },
                scopes: [],
              },
            },
          }
        : {}),
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export const testContext = {
  awsRequestId: 'req-unit',
  functionName: 'unit',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

export interface ParsedResult {
  statusCode: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * Calls a handler and parses its JSON body — as a warm container that has recently seen the caller's tenant active,
 * so the tenant-status check (`functions/core/tenant-status.ts`, one read per tenant and container every few seconds)
 * adds no DynamoDB call to the calls a test stubs and counts. The check itself is tested with `tenantStatus: 'unread'`.
 */
export async function call(
  handler: (event: any, context: Context) => Promise<any>,
  event: unknown,
  options: { tenantStatus?: 'active' | 'unread' } = {},
): Promise<ParsedResult> {
  const tenantId = (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext?.authorizer?.jwt?.claims?.['custom:tenantId'];
  if (typeof tenantId === 'string' && options.tenantStatus !== 'unread') {
    // Loaded on use: the module reads the table name at load time, which not every test that builds events sets.
    const { rememberTenantStatus } = await import('../../functions/core/tenant-status.ts');
    rememberTenantStatus(tenantId, 'active');
  }
  const result = await handler(event, testContext);
  return {
    statusCode: result.statusCode,
    headers: result.headers ?? {},
    body: result.body ? JSON.parse(result.body) : undefined,
  };
}
