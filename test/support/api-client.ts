import { inject } from 'vitest';

/** A tiny HTTP client for the local platform, as a browser or curl would use it. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function platformUrl(): string {
  return inject('platform').url;
}

export type ApiCall = <T = any>(
  method: string,
  path: string,
  options?: { token?: string; as?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
) => Promise<ApiResponse<T>>;

/** A client of one platform (`baseUrl`): requests, and ID tokens of its local users (cached per client). */
export function apiClient(baseUrl: () => string): { api: ApiCall; tokenFor(username: string): Promise<string> } {
  const tokens = new Map<string, string>();
  const tokenFor = async (username: string): Promise<string> => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const response = await api('POST', '/local/token', { body: { username } });
    if (response.status !== 200) throw new Error(`No token for ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    tokens.set(username, response.body.idToken);
    return response.body.idToken;
  };
  const api: ApiCall = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl()}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text.length > 0) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as any };
  };
  return { api, tokenFor };
}

const shared = apiClient(platformUrl);

/** Signs a user of the local pool in through `POST /local/token` (cached per test file). */
export const tokenFor = shared.tokenFor;

/** `<role>@<tenant>.openkreis.test` — the seeded demo users. */
export function demoUser(role: string, tenant: string): string {
  return `${role}@${tenant}.openkreis.test`;
}

/** A request to the platform the test setup started. */
export const api: ApiCall = shared.api;

/** Polls until `check` returns a value, for state that workflows change asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

/** The path of an application's checkout page, as the citizen follows `payment.checkoutUrl` (the sandbox locally). */
export function checkoutPath(app: { payment: { checkoutUrl: string } }): string {
  return new URL(app.payment.checkoutUrl).pathname;
}

/** The provider's payment id, as the applicant's checkout link carries it (`…/sandbox-pay/<paymentId>`). */
export function paymentIdOf(app: { payment: { checkoutUrl: string } }): string {
  return checkoutPath(app).split('/').pop()!;
}
