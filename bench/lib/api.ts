/** A small HTTP client for the local platform (as `test/support/api-client.ts`, without vitest). */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class Api {
  private readonly tokens = new Map<string, string>();

  constructor(readonly url: string) {}

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const response = await this.call('POST', '/local/token', { body: { username } });
    if (response.status !== 200) throw new Error(`bench: no token for ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    this.tokens.set(username, response.body.idToken);
    return response.body.idToken;
  }

  async call<T = any>(
    method: string,
    path: string,
    options: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const parsed = (response.headers.get('content-type') ?? '').includes('json') && text.length > 0 ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T };
  }
}

/** The claims of a JWT (not verified: the platform signed it a moment ago). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('bench: not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a value. */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
