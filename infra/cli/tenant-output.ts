/**
 * What `npm run tenant` prints: pure functions, so that the messages are tested without a server. A failure says what
 * failed — which address could not be reached and why, or the HTTP status with the problem's title, detail and fields.
 */

/** The API the CLI talks to unless `--api` says otherwise: `$OPENKREIS_API`, else the local platform on `$PORT` (3000). */
export function defaultApiUrl(env: Readonly<Record<string, string | undefined>>): string {
  return env.OPENKREIS_API || `http://localhost:${env.PORT || 3000}`;
}

/** Turns fetch's "fetch failed" into what happened at which address. */
export function describeFetchFailure(error: unknown, url: string): string {
  const target = new URL(url);
  const origin = target.origin;
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  const code = cause?.code ?? cause?.errors?.find((inner) => inner.code)?.code;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(target.hostname);
  switch (code) {
    case 'ECONNREFUSED':
      return local
        ? `Connection refused at ${origin}: is \`npm start\` running? (It listens on PORT, default 3000; set PORT or --api to match.)`
        : `Connection refused at ${origin}: nothing accepts connections there (check --api or OPENKREIS_API).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host not found: ${target.hostname} (check --api or OPENKREIS_API).`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `No answer from ${origin} (connection timed out).`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `The connection to ${origin} was closed before an answer came.`;
    default:
      return `Request to ${url} failed: ${cause?.message ?? (error as Error).message ?? String(error)}`;
  }
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ field?: string; message?: string }>;
}

/** The answer of the API as the CLI prints it: success as formatted JSON, a problem as status, title, detail and fields. */
export function describeResponse(response: { status: number; contentType: string; text: string }): { ok: boolean; output: string } {
  const ok = response.status < 400;
  let body: unknown;
  try {
    body = response.text ? JSON.parse(response.text) : undefined;
  } catch {
    body = undefined;
  }
  if (ok) return { ok, output: `HTTP ${response.status}\n${body === undefined ? response.text : JSON.stringify(body, null, 2)}` };
  if (body && typeof body === 'object' && (response.contentType.includes('problem+json') || 'detail' in body)) {
    const problem = body as Problem;
    const lines = [`HTTP ${response.status} ${problem.title ?? ''}`.trim() + (problem.detail ? `: ${problem.detail}` : '')];
    for (const error of problem.errors ?? []) lines.push(`  ${error.field ?? '?'}: ${error.message ?? ''}`);
    return { ok, output: lines.join('\n') };
  }
  const text = response.text.trim();
  return { ok, output: `HTTP ${response.status}${text ? `: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}` : ''}` };
}
