import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { htmlHeaders, prefersHtml } from '#functions/core/html-page';
import { problemDocument, type ProblemKind } from '#functions/core/problem';
import { problemPage } from '#functions/core/problem-page';
import { routes, type Route } from '#functions/routes';
import { loadHandler } from '../handlers.ts';
import { apiGatewayEvent, lambdaContext } from './api-event.ts';
import type { LocalJwtAuthorizer } from './jwt.ts';
import type { RequestLog } from '../request-log.ts';
import { API_PREFIX } from '../../../web/src/pages/paths.ts';
import { RouteMatcher } from './route-matcher.ts';

/** API Gateway HTTP APIs accept payloads up to 10 MB; the functions enforce their own, smaller limits. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** A browser navigation (Accept: text/html, …) rather than a program asking for JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  return /\btext\/html\b/.test(accept ?? '');
}

/** API Gateway HTTP APIs accept a request line and headers of together 10,240 bytes (service quota). */
export const MAX_HEADER_BYTES = 10_240;

/** Every answer of the local runtime, like every answer of a function, forbids content sniffing. */
const BASE_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

export type LocalRouteHandler = (request: IncomingMessage, body: Buffer, url: URL) => Promise<LocalResponse>;

export interface LocalResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LocalApiOptions {
  port: number;
  host?: string;
  authorizer: LocalJwtAuthorizer;
  /** Routes served by the local runtime itself (`/health`, `/local/*`), keyed `"GET /local/users"`. */
  localRoutes?: Record<string, LocalRouteHandler>;
  /** Paths below a prefix served by the local runtime itself (e.g. the Cognito proxy), keyed by the prefix. */
  localPrefixes?: Record<string, LocalRouteHandler>;
  /** The web app (pages, static files, `/config.json`): what CloudFront serves from S3 in AWS. */
  web?: { serve(pathname: string, acceptEncoding?: string): LocalResponse };
  onError?: (error: unknown) => void;
  /** Called once per answered request (`npm start` prints it; tests leave it out). */
  requestLog?: RequestLog;
}

export interface LocalApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The local stand-in for API Gateway: matches the route table, authorizes like the JWT authorizer, builds the
 * payload 2.0 event and calls the same handler module Lambda would run.
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const host = options.host ?? '127.0.0.1';
  const matcher = new RouteMatcher(routes);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (request, response) => {
    const trace: Trace = { requestId: randomUUID(), started: performance.now(), at: new Date() };
    response.setHeader('apigw-requestid', trace.requestId);
    if (options.requestLog) {
      const log = options.requestLog;
      response.once('finish', () =>
        log({
          kind: 'http',
          at: trace.at,
          method: request.method ?? 'GET',
          path: trace.path ?? '(kein Pfad)',
          status: response.statusCode,
          durationMs: performance.now() - trace.started,
          ...(trace.function ? { function: trace.function } : {}),
          requestId: trace.requestId,
        }),
      );
    }
    handle(request, response, trace).catch((error) => {
      options.onError?.(error);
      if (!response.headersSent) sendProblem(response, 'internal', 'Ein interner Fehler ist aufgetreten.');
      else response.end();
    });
  });
  // A request Node cannot parse never reaches `handle`: answer it as API Gateway does (431 for oversized headers,
  // else 400) instead of resetting the connection.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const overflow = error.code === 'HPE_HEADER_OVERFLOW';
    const document = overflow
      ? problemDocument('request-header-fields-too-large', `Die Kopfzeilen der Anfrage sind zusammen größer als ${MAX_HEADER_BYTES} Bytes.`)
      : problemDocument('bad-request', 'Die Anfrage ist kein gültiges HTTP.');
    const body = JSON.stringify(document);
    socket.end(
      [
        `HTTP/1.1 ${document.status} ${overflow ? 'Request Header Fields Too Large' : 'Bad Request'}`,
        'content-type: application/problem+json; charset=utf-8',
        'cache-control: no-store',
        'x-content-type-options: nosniff',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });

  async function handle(request: IncomingMessage, response: ServerResponse, trace: Trace): Promise<void> {
    // The request target is a path; `//host/x` must stay a path, not become a protocol-relative URL of another host.
    const url = new URL(`http://localhost${(request.url ?? '/').startsWith('/') ? request.url : `/${request.url}`}`);
    // Until a route says better: the local runtime's own paths and the web app's are logged as they are (no query).
    trace.path = url.pathname;
    const body = await readBody(request);
    if (body === 'too-large') return sendProblem(response, 'payload-too-large', 'Die Anfrage ist größer als 10 MB.');
    const method = request.method ?? 'GET';

    const local = options.localRoutes?.[`${method} ${url.pathname}`];
    if (local) return send(response, await local(request, body, url));
    const prefixed = Object.entries(options.localPrefixes ?? {}).find(([prefix]) => url.pathname.startsWith(prefix));
    if (prefixed) return send(response, await prefixed[1](request, body, url));

    // The API lives under /api/ (as behind CloudFront, which strips the prefix) and, for existing clients, at its
    // old paths. Everything else a browser asks for is the web app's.
    const underApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    if (underApi) url.pathname = url.pathname.slice(API_PREFIX.length) || '/';
    const match = matcher.match(method, url.pathname);
    if (typeof match === 'object') {
      trace.path = `${underApi ? API_PREFIX : ''}${match.route.path}`;
      trace.function = match.route.handler;
    } else if (underApi || match !== undefined) trace.path = underApi ? `${API_PREFIX}/…` : '…';
    if (match === undefined && !underApi && options.web && (method === 'GET' || method === 'HEAD')) {
      const page = options.web.serve(url.pathname, request.headers['accept-encoding']);
      if (page.status !== 404 || wantsHtml(request.headers.accept)) return send(response, page);
    }
    const accept = request.headers.accept;
    if (match === undefined) return sendProblem(response, 'not-found', `Keine Schnittstelle unter ${url.pathname}.`, accept);
    if (match === 'method-not-allowed') return sendProblem(response, 'not-found', `${method} ${url.pathname} gibt es nicht.`, accept);
    if (match === 'bad-encoding') return sendProblem(response, 'bad-request', 'Der Pfad enthält eine ungültige Prozent-Kodierung.', accept);

    let claims: Record<string, string> | undefined;
    if (match.route.roles !== 'public') {
      claims = await options.authorizer.authorize(request.headers.authorization);
      if (!claims) return sendProblem(response, 'unauthorized', 'Bitte melden Sie sich an: Das Zugangstoken fehlt, ist ungültig oder abgelaufen.', accept);
    }
    const event = apiGatewayEvent({ request, url, body, route: match.route, pathParameters: match.pathParameters, claims, requestId: trace.requestId });
    const result = await invoke(match.route, event, trace.requestId);
    return sendLambdaResult(response, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the request log tells about a request, filled in as the request is routed. */
interface Trace {
  requestId: string;
  started: number;
  at: Date;
  path?: string;
  function?: string;
}

async function invoke(route: Route, event: unknown, requestId: string): Promise<unknown> {
  const handler = await loadHandler(route.handler);
  return handler(event, lambdaContext(route.handler.replaceAll('/', '-'), 10_000, requestId));
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Interprets a handler's return value as API Gateway does for payload format 2.0. */
function sendLambdaResult(response: ServerResponse, result: unknown): void {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    return send(response, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) });
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  if (structured.cookies?.length) response.setHeader('set-cookie', structured.cookies);
  const body = structured.body === undefined ? undefined : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
  send(response, { status: structured.statusCode ?? 200, headers, ...(body !== undefined ? { body } : {}) });
}

function send(response: ServerResponse, local: LocalResponse): void {
  response.writeHead(local.status, { ...BASE_HEADERS, ...local.headers });
  response.end(local.body);
}

/**
 * A problem the local runtime answers itself (no route, no token): as the functions answer theirs — a German page for
 * a browser's navigation, problem+json for programs (`functions/core/problem-page.ts`).
 */
export function sendProblem(response: ServerResponse, kind: ProblemKind, detail: string, accept?: string): void {
  const document = problemDocument(kind, detail);
  if (prefersHtml(accept)) {
    return send(response, { status: document.status, headers: { ...htmlHeaders(), 'cache-control': 'no-store' }, body: problemPage(document) });
  }
  send(response, {
    status: document.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', vary: 'accept' },
    body: JSON.stringify(document),
  });
}

export function jsonResponse(status: number, body: unknown): LocalResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}
