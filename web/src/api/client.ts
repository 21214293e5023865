import { idToken, renew } from '../auth/session.ts';
import { runtimeConfig } from '../config.ts';

/**
 * The one way the app talks to the API: same origin (`/api/…`), the ID token as bearer, JSON in and out, RFC 9457
 * problem details turned into an `ApiProblem` whose field errors the forms show at their fields.
 */
export interface FieldError {
  /** `body/contact/email`, `query/zone`, `path/id`, `header/if-match`. */
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    /** The problem document's further members (RFC 9457 extensions), e.g. the import's per-row report `rows`. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

/** The request never got an answer (offline, DNS, a dropped connection): nothing was changed that we know of. */
export class NetworkProblem extends Error {
  constructor() {
    super('Keine Verbindung zum Server. Ihre Eingaben sind erhalten; bitte versuchen Sie es erneut, wenn die Verbindung wieder steht.');
    this.name = 'NetworkProblem';
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as is (e.g. a CSV file) with its media type. */
  raw?: { contentType: string; data: BodyInit };
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Public routes: no token, no renewal. */
  anonymous?: boolean;
  /** The answer is a file (a PDF): read as a Blob, not as text. */
  binary?: boolean;
  signal?: AbortSignal;
}

function urlOf(base: string, path: string, query: RequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return `${base}${path}${text ? `?${text}` : ''}`;
}

async function send(method: string, path: string, options: RequestOptions, token: string | undefined): Promise<Response> {
  const config = await runtimeConfig();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(urlOf(config.apiBase, path, options.query), { method, headers, ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkProblem();
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const document = (await response.json().catch(() => ({}))) as { title?: string; detail?: string; errors?: FieldError[] } & Record<string, unknown>;
  const { type: _type, title, status: _status, detail, instance: _instance, requestId: _requestId, errors, ...extensions } = document;
  return new ApiProblem(
    response.status,
    title ?? 'Fehler',
    detail ?? `Der Server hat mit ${response.status} geantwortet.`,
    Array.isArray(errors) ? errors : [],
    extensions,
  );
}

export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  let response = await send(method, path, options, options.anonymous ? undefined : await idToken());
  if (response.status === 401 && !options.anonymous) {
    // An ID token the API no longer accepts: renew once; if that fails the session is marked expired.
    const renewed = await renew();
    if (renewed) response = await send(method, path, options, renewed);
  }
  if (!response.ok) throw await problemOf(response);
  const type = response.headers.get('content-type') ?? '';
  const body = (options.binary ? await response.blob() : type.includes('json') ? await response.json() : await response.text()) as T;
  return { status: response.status, body, headers: response.headers };
}

/** The field errors of a problem keyed by the field path without its prefix: `body/contact/email` → `contact/email`. */
export function errorsByField(problem: unknown, prefix = 'body/'): Record<string, string> {
  if (!(problem instanceof ApiProblem)) return {};
  const result: Record<string, string> = {};
  for (const error of problem.errors) {
    const key = error.field.startsWith(prefix) ? error.field.slice(prefix.length) : error.field;
    result[key] ??= error.message;
  }
  return result;
}
