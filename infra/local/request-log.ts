/**
 * One line per request and per workflow step in the output of `npm start` (`--quiet` turns it off): what a developer
 * needs to follow a click through the platform — time, method, route, status, duration, function, request id.
 *
 * No personal data: an API request is shown by its route pattern (`/applications/{id}`), never its concrete path or
 * query (a verify token or a search carries personal data); a page or file by its path without the query.
 */
export type RequestLogEntry =
  | { kind: 'http'; at: Date; method: string; path: string; status: number; durationMs: number; function?: string; requestId: string }
  | { kind: 'step'; at: Date; function: string; outcome: 'ok' | string; durationMs: number; requestId: string };

export type RequestLog = (entry: RequestLogEntry) => void;

const time = (at: Date) => at.toISOString().slice(11, 23);
const duration = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`.padStart(8);

export function formatRequestLog(entry: RequestLogEntry): string {
  if (entry.kind === 'http') {
    return [time(entry.at), `${entry.method.padEnd(6)} ${entry.path}`.padEnd(56), String(entry.status), duration(entry.durationMs), (entry.function ?? '-').padEnd(44), entry.requestId].join('  ');
  }
  return [time(entry.at), `STEP   ${entry.function}`.padEnd(56), entry.outcome === 'ok' ? 'ok ' : 'ERR', duration(entry.durationMs), entry.outcome === 'ok' ? ''.padEnd(44) : entry.outcome.slice(0, 44).padEnd(44), entry.requestId].join('  ');
}

/** A writer of formatted lines (`console.log` in `npm start`). */
export function requestLogTo(write: (line: string) => void): RequestLog {
  return (entry) => write(formatRequestLog(entry));
}
