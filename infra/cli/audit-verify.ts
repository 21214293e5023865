import { parseArgs } from 'node:util';
import { defaultApiUrl, describeFetchFailure, describeResponse } from './tenant-output.ts';

/**
 * Verifies a tenant's hash-chained audit trail through the HTTP API (`GET /audit/verify`), as its data protection
 * officer — against the local platform or a deployed stage:
 *
 *   npm run audit:verify -- --tenant neuss [--from 2026-12-01] [--api URL] [--token TOKEN]
 *
 * Exit code 0: the chain is intact; 1: it is not (each altered, missing or inserted entry is printed) or the call
 * failed; 2: wrong usage. --token defaults to $OPENKREIS_TOKEN (the ID token of the tenant's data protection officer);
 * against the local platform the seeded one is signed in automatically.
 */
const USAGE = 'Usage: npm run audit:verify -- --tenant <id> [--from <YYYY-MM-DD>] [--api <url>] [--token <id-token>]';

interface Verification {
  valid: boolean;
  entries: number;
  days: number;
  from?: string;
  head?: { seq: number; day: string };
  problems: Array<{ kind: string; day: string; seq: number; label: string }>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      from: { type: 'string' },
      api: { type: 'string', default: defaultApiUrl(process.env) },
      token: { type: 'string', default: process.env.OPENKREIS_TOKEN },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.tenant) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const api = values.api!.replace(/\/$/, '');
  const token = values.token ?? (await localToken(api, `data-protection-officer@${values.tenant}.openkreis.test`));
  const url = `${api}/audit/verify${values.from ? `?from=${encodeURIComponent(values.from)}` : ''}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((error: unknown) => {
    throw new Error(describeFetchFailure(error, url));
  });
  const text = await response.text();
  if (response.status !== 200) {
    console.error(describeResponse({ status: response.status, contentType: response.headers.get('content-type') ?? '', text }).output);
    return 1;
  }
  const result = JSON.parse(text) as Verification;
  const scope = `${result.entries} entries on ${result.days} days${result.from ? ` back to ${result.from}` : ''}${result.head ? `, head #${result.head.seq} (${result.head.day})` : ''}`;
  if (result.valid) {
    console.log(`Audit trail of ${values.tenant} is intact: ${scope}.`);
    return 0;
  }
  console.error(`Audit trail of ${values.tenant} is NOT intact (${scope}):`);
  for (const problem of result.problems) console.error(`  ${problem.day} #${problem.seq}: ${problem.kind} — ${problem.label}`);
  return 1;
}

async function localToken(api: string, username: string): Promise<string> {
  if (!['localhost', '127.0.0.1'].includes(new URL(api).hostname)) throw new Error('No token: set OPENKREIS_TOKEN or pass --token (the ID token of the data protection officer).');
  const response = await fetch(`${api}/local/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) }).catch((error: unknown) => {
    throw new Error(describeFetchFailure(error, `${api}/local/token`));
  });
  if (response.status !== 200) throw new Error(`The local platform at ${api} gave no token for ${username} (${response.status}).`);
  return ((await response.json()) as { idToken: string }).idToken;
}

main()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
