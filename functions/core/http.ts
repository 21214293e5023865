import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Route } from '#functions/routes';
import type { AuditClass, AuditDetail } from '#functions/audit/schemas';

/** What the middleware needs of a route. */
export type RouteGuard = Pick<Route, 'method' | 'path' | 'roles' | 'access'>;
import { callerFromClaims, hasAnyRole, type Caller } from './auth.ts';
import { optionalEnv } from './config.ts';
import type { ResponseSpecs } from './contract.ts';
import { htmlHeaders, prefersHtml } from './html-page.ts';
import { logger } from './logger.ts';
import { DomainError, HttpProblem, problemDocument } from './problem.ts';
import { problemPage } from './problem-page.ts';
import { fieldErrors } from './validation.ts';
import * as z from './zod.ts';

/**
 * The one middleware stack of every HTTP handler, in this order:
 * route lookup → size limit → authentication → role check (from the route table) → tenant not deactivated → JSON
 * parsing → zod validation of body, query and path → handler → JSON response; any error → RFC 9457 problem+json (the
 * last middleware).
 */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The deepest nesting of objects and arrays a JSON body may have. Forms nest a handful of levels; the bound exists so
 * that no recursive code behind the middleware (request hashes, zod, DynamoDB marshalling) can be driven into a stack
 * overflow by a small body: 5,000 levels fit into 10 KB.
 */
export const MAX_JSON_DEPTH = 32;

/** Headers on every answer: no caching of personal data, no content sniffing of JSON into HTML. */
const RESPONSE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

type Schema = z.ZodMiniType;

export interface HttpSpec<B extends Schema, Q extends Schema, P extends Schema> {
  body?: B;
  query?: Q;
  params?: P;
  /**
   * What the route answers, by status: the zod schema of each success body (e.g. `{ 200: viewSchema }`), `noContent`
   * for none, or `{ '<media type>': schema }` for other media types (`contract.ts`). The OpenAPI document is generated
   * from these next to the request schemas; problem+json errors are documented for every route in one place. Locally
   * every answer is checked against them (`response-check.ts`).
   */
  responses?: ResponseSpecs;
  /**
   * Problem statuses the route answers beyond those that follow from what it is (`problemStatuses` of
   * `functions/openapi/document.ts`), e.g. 401 of a public webhook whose signature is wrong.
   */
  problems?: readonly number[];
  /**
   * Opt-in for routes that also take a plain-text body (e.g. a CSV file as `text/csv`): a body of one of these media
   * types is read as UTF-8 text and validated by `body` as `{ [field]: text }` — the same schema, messages and handler
   * as the JSON shape `{ "<field>": "…" }`.
   */
  textBody?: { mediaTypes: readonly string[]; field: string };
  /**
   * Opt-in for routes that a plain HTML form posts to, so that its page works without JavaScript: a body of
   * `application/x-www-form-urlencoded` is read as an object of its fields (strings) and validated by `body` — the same
   * schema, messages and handler as the JSON shape. A field sent twice is refused (400).
   */
  formBody?: boolean;
  /**
   * What the route does to personal data (`functions/audit/schemas.ts`): after a successful answer the middleware
   * appends the trail entries (one write per request). Required of every route that touches personal data
   * (`test/unit/audit/route-audit.test.ts`).
   */
  audit?: AuditClass;
}

export interface HttpRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** Undefined only on public routes called without a token. */
  caller: Caller;
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as sent (decoded from base64 if needed), e.g. for webhook signatures; '' without a body. */
  rawBody: string;
  requestId: string;
  route: RouteGuard;
  /**
   * Refines the trail entry of a route that declares `audit`, e.g. with the reason the caller gave or the person a
   * record is about when the answer does not name them; each call is one entry.
   */
  audit: (detail: AuditDetail) => void;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Internal extends Record<string, unknown> {
  route?: RouteGuard;
  caller?: Caller;
  input?: { body: unknown; query: unknown; params: unknown };
}

/** What the middlewares prepared for the handler function, keyed by the event of the running invocation. */
const prepared = new WeakMap<HttpEvent, Internal>();

const noFields = z.strictObject({});
const optionalNoFields = z.optional(noFields);

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

function decodeBody(event: HttpEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Depth of a parsed JSON value, iteratively (a recursive walk would itself overflow on the bodies it guards
 * against); stops as soon as `limit` is exceeded.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

function validate(schema: Schema, value: unknown, prefix: string): unknown {
  const result = z.safeParse(schema, value);
  if (!result.success) {
    throw new HttpProblem('bad-request', 'Die Anfrage enthält ungültige oder unbekannte Felder.', fieldErrors(result.error, prefix));
  }
  return result.data;
}

/**
 * The routes of this function as JSON, injected by the bundler (`infra/constructs/bundling.ts`) so that a bundle does
 * not carry the whole route table. Unbundled (tests, the local platform) the route table is read.
 */
declare const OPENKREIS_FUNCTION_ROUTES: string | undefined;

let bundledRoutes: RouteGuard[] | undefined;

async function lookupRoute(key: string): Promise<RouteGuard | undefined> {
  // if/else (not an early return): esbuild drops the dead branch and with it the route table's import.
  if (typeof OPENKREIS_FUNCTION_ROUTES === 'string') {
    bundledRoutes ??= JSON.parse(OPENKREIS_FUNCTION_ROUTES) as RouteGuard[];
    return bundledRoutes.find((route) => `${route.method} ${route.path}` === key);
  } else {
    const { findRoute } = await import('#functions/routes');
    return findRoute(key);
  }
}

function routeMiddleware(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    before: async (request) => {
      const route = await lookupRoute(request.event.routeKey);
      if (!route) throw new Error(`Route ${request.event.routeKey} is not in the route table`);
      request.internal.route = route;
    },
  };
}

function authMiddleware(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    before: (request) => {
      const route = request.internal.route!;
      const caller = callerFromClaims(request.event.requestContext.authorizer?.jwt?.claims);
      if (route.roles === 'public') {
        if (caller) request.internal.caller = caller;
        return;
      }
      if (!caller) throw new HttpProblem('unauthorized', 'Bitte melden Sie sich an: Es fehlt ein gültiges Zugangstoken.');
      if (!hasAnyRole(caller, route.roles)) {
        throw new HttpProblem('forbidden', 'Ihre Rolle darf diese Funktion nicht aufrufen.');
      }
      request.internal.caller = caller;
    },
  };
}

/**
 * A body of one of the route's `textBody` media types, as `{ [field]: text }`; undefined for any other media type.
 * UTF-8 only: decoding anything else as UTF-8 would silently garble umlauts (a spreadsheet's Windows-1252 export).
 */
function textBodyOf(raw: string, contentType: string, text: HttpSpec<Schema, Schema, Schema>['textBody']): Record<string, string> | undefined {
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!text?.mediaTypes.includes(mediaType)) return undefined;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replaceAll('"', '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'us-ascii') {
    throw new HttpProblem('unsupported-media-type', `Der Text muss UTF-8-kodiert sein (Content-Type: ${mediaType}; charset=utf-8).`);
  }
  return { [text.field]: raw };
}

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** A form post's fields, for a route with `formBody`; undefined for any other media type. */
function formBodyOf(raw: string, contentType: string, form: boolean | undefined): Record<string, string> | undefined {
  if (!form || contentType.split(';')[0]!.trim().toLowerCase() !== FORM_MEDIA_TYPE) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    if (Object.hasOwn(fields, name)) {
      throw new HttpProblem('bad-request', 'Das Formular enthält ein Feld mehrfach.', [{ field: `body/${name}`, message: 'Nur einmal erlaubt.' }]);
    }
    fields[name] = value;
  }
  return fields;
}

/**
 * A deactivated tenant is refused on every route that acts for it — tenant, county and training routes alike — even
 * with a token that is still within its lifetime (`tenant-status.ts`: how fresh the answer is). Public routes act for
 * no caller and are not affected. Loaded on first use, so that the one function without table access (the public
 * health check) never loads the DynamoDB client.
 */
function tenantStatusMiddleware(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    before: async (request) => {
      const caller = request.internal.caller;
      if (!caller || request.internal.route!.roles === 'public') return;
      const { isTenantDeactivated } = await import('./tenant-status.ts');
      if (await isTenantDeactivated(caller.tenantId)) {
        throw new HttpProblem('forbidden', `Der Mandant "${caller.tenantId}" ist deaktiviert; sein Zugang ist gesperrt. Bitte wenden Sie sich an die Kreisverwaltung.`);
      }
    },
  };
}

function inputMiddleware(spec: HttpSpec<Schema, Schema, Schema>): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    before: (request) => {
      const { event } = request;
      const raw = decodeBody(event);
      if (raw !== undefined && Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
        throw new HttpProblem('payload-too-large', `Der Anfragetext ist größer als ${MAX_BODY_BYTES / 1024} KiB.`);
      }
      const contentType = event.headers['content-type'] ?? '';
      let body: unknown = raw === undefined ? undefined : (textBodyOf(raw, contentType, spec.textBody) ?? formBodyOf(raw, contentType, spec.formBody));
      if (raw !== undefined && body === undefined) {
        if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
          const others = [...(spec.textBody?.mediaTypes ?? []), ...(spec.formBody ? [FORM_MEDIA_TYPE] : [])];
          const text = others.length > 0 ? ` oder ${others.join(' oder ')}` : '';
          throw new HttpProblem('unsupported-media-type', `Der Anfragetext muss JSON${text} sein (Content-Type: application/json${text}).`);
        }
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpProblem('bad-request', 'Der Anfragetext ist kein gültiges JSON.');
        }
        if (exceedsDepth(body, MAX_JSON_DEPTH)) {
          throw new HttpProblem('bad-request', `Der Anfragetext ist tiefer als ${MAX_JSON_DEPTH} Ebenen verschachtelt.`, [
            { field: 'body', message: `Höchstens ${MAX_JSON_DEPTH} Ebenen verschachtelter Objekte und Listen.` },
          ]);
        }
      }
      request.internal.input = {
        body: validate(spec.body ?? optionalNoFields, body, 'body'),
        query: validate(spec.query ?? noFields, event.queryStringParameters ?? {}, 'query'),
        params: validate(spec.params ?? z.object({}), event.pathParameters ?? {}, 'path'),
      };
      prepared.set(event, request.internal);
    },
  };
}

function toResult(reply: Reply): HttpResult {
  const headers: Record<string, string> = { ...RESPONSE_HEADERS, ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  if (typeof reply.body === 'string' && headers['content-type']) {
    return { statusCode: reply.status, headers, body: reply.body };
  }
  // Bytes (a PDF rendered on request): base64, as API Gateway's payload 2.0 expects binary bodies.
  if (reply.body instanceof Uint8Array && headers['content-type']) {
    return { statusCode: reply.status, headers, body: Buffer.from(reply.body).toString('base64'), isBase64Encoded: true };
  }
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(reply.body),
  };
}

/**
 * The last middleware: the one place where errors become HTTP. Unknown errors say nothing internal. A browser that
 * navigated here (it prefers HTML to JSON) gets the problem as a German page in the portal's design, with the same
 * status; every program keeps problem+json.
 */
function problemMiddleware(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    onError: (request) => {
      const error = request.error;
      const requestId = request.context?.awsRequestId ?? request.event.requestContext?.requestId;
      const instance = request.event.rawPath;
      let document;
      if (error instanceof DomainError) {
        document = problemDocument(error.kind, error.message, { instance, requestId, ...(error.errors ? { errors: error.errors } : {}) });
      } else {
        logger.error('Unhandled error', { requestId, routeKey: request.event.routeKey, error: error as Error });
        document = problemDocument('internal', 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.', { instance, requestId });
      }
      request.response = prefersHtml(request.event.headers?.accept)
        ? { statusCode: document.status, headers: { ...htmlHeaders(), ...RESPONSE_HEADERS }, body: problemPage(document) }
        : {
            statusCode: document.status,
            headers: { 'content-type': 'application/problem+json; charset=utf-8', vary: 'accept', ...RESPONSE_HEADERS },
            body: JSON.stringify(document),
          };
    },
  };
}

/**
 * Appends the request's trail entries before the answer leaves: a read of personal data that cannot be recorded is
 * not answered (the error becomes a 500). Only successful answers are recorded — a refused request touched nothing.
 * The trail store is loaded only by functions whose route declares `audit`.
 */
async function recordAudit(
  audit: AuditClass | undefined,
  internal: Internal,
  request: { params: unknown; reply: Reply; requestId: string; details: AuditDetail[] },
): Promise<void> {
  const caller = internal.caller;
  if (!audit || !caller || request.reply.status >= 400) return;
  const [{ auditEntries }, { appendAudit }, { tableFor }] = await Promise.all([import('#functions/audit/record'), import('#functions/audit/trail'), import('./ddb.ts')]);
  const entries = auditEntries(audit, {
    caller,
    routeRoles: internal.route!.roles,
    params: request.params,
    reply: request.reply.body,
    requestId: request.requestId,
    details: request.details,
    now: new Date(),
  });
  await appendAudit(tableFor(caller.tenantId), entries);
}

declare const OPENKREIS_BUNDLED: boolean | undefined;

/**
 * The local contract check (`OPENKREIS_CONTRACT_CHECKS=on`, set by the local runtime): an answer that does not match
 * the route's declared responses fails loudly — a 500 naming what drifted, and the same on stderr. Dead code in a
 * bundle (`OPENKREIS_BUNDLED`), so no deployed function carries or runs it.
 */
async function checkReply(spec: HttpSpec<Schema, Schema, Schema>, event: HttpEvent, reply: Reply): Promise<void> {
  if (typeof OPENKREIS_BUNDLED === 'undefined') {
    if (optionalEnv('OPENKREIS_CONTRACT_CHECKS') !== 'on') return;
    const { replyViolations } = await import('./response-check.ts');
    const violations = replyViolations(spec.responses, reply);
    if (violations.length === 0) return;
    const message = `${event.routeKey} answered outside its declared responses: ${violations.join('; ')}`;
    process.stderr.write(`Contract check: ${message}\n`);
    throw new HttpProblem('internal', `Die Antwort entspricht nicht dem veröffentlichten API-Vertrag (${message}).`);
  }
}

/**
 * Wraps a handler function in the HTTP middleware stack. The function receives validated input and the caller and
 * returns a `Reply`; it throws `DomainError`s for anything the user must be told.
 */
export function httpHandler<B extends Schema = typeof optionalNoFields, Q extends Schema = typeof noFields, P extends Schema = typeof noFields>(
  spec: HttpSpec<B, Q, P>,
  fn: (request: HttpRequest<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<Reply>,
) {
  const handler = middy<HttpEvent, HttpResult, Error, Context, Internal>({ timeoutEarlyInMillis: 0 })
    .use(problemMiddleware())
    .use(routeMiddleware())
    .use(authMiddleware())
    .use(tenantStatusMiddleware())
    .use(inputMiddleware(spec as HttpSpec<Schema, Schema, Schema>))
    .handler(async (event, context) => {
      const internal = prepared.get(event)!;
      const input = internal.input!;
      const details: AuditDetail[] = [];
      const requestId = context.awsRequestId ?? event.requestContext.requestId;
      const reply = await fn({
        body: input.body as z.infer<B>,
        query: input.query as z.infer<Q>,
        params: input.params as z.infer<P>,
        caller: internal.caller as Caller,
        headers: event.headers,
        rawBody: decodeBody(event) ?? '',
        requestId,
        route: internal.route!,
        audit: (detail) => details.push(detail),
      });
      await recordAudit(spec.audit, internal, { params: input.params, reply, requestId, details });
      await checkReply(spec as HttpSpec<Schema, Schema, Schema>, event, reply);
      return toResult(reply);
    });
  // The spec rides along with the handler: the OpenAPI generator reads it from the handler module (costs nothing here).
  return Object.assign(handler, { spec: spec as HttpSpec<Schema, Schema, Schema> });
}
