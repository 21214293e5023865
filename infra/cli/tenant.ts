import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultApiUrl, describeFetchFailure, describeResponse } from './tenant-output.ts';

/**
 * DevOps command for tenants, against the local platform or a deployed stage. It goes through the HTTP API, so a
 * tenant created from the terminal passes the same validation, workflow and audit trail as one created in a browser.
 *
 *   npm run tenant -- create --file tenant.json [--api URL] [--token TOKEN]
 *   npm run tenant -- list | status <id> | retry <id> [--file corrections.json] | deactivate <id> | reactivate <id>
 *
 * --api defaults to $OPENKREIS_API or http://localhost:$PORT (3000). --token defaults to $OPENKREIS_TOKEN (the ID token
 * of a county admin); against the local platform the seeded county admin is signed in automatically.
 */
const USAGE = `Usage:
  npm run tenant -- create --file <tenant.json> [--api <url>] [--token <id-token>]
  npm run tenant -- list [--api <url>] [--token <id-token>]
  npm run tenant -- status <id> | deactivate <id> | reactivate <id> [--api <url>] [--token <id-token>]
  npm run tenant -- retry <id> [--file <corrections.json>] [--api <url>] [--token <id-token>]

tenant.json: {"id": "musterstadt", "name": "Stadt Musterstadt", "ags": "05162099", "caseNumberPrefix": "MU",
  "adminEmail": "...", "contact": {"email": "..."}, "urls": {"imprint": "https://...", "privacy": "https://...",
  "accessibility": "https://..."}, "enabledServices": ["resident-parking"]}
corrections.json (retry): any of these fields but "id", e.g. {"adminEmail": "..."}

--api defaults to $OPENKREIS_API, else http://localhost:$PORT (PORT defaults to 3000).`;

const LOCAL_COUNTY_ADMIN = 'county-admin@rhein-kreis-neuss.openkreis.test';

/** A failure the CLI explains in one message (no stack trace). */
class CliFailure extends Error {}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      api: { type: 'string', default: defaultApiUrl(process.env) },
      token: { type: 'string', default: process.env.OPENKREIS_TOKEN },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const api = values.api!.replace(/\/$/, '');

  switch (command) {
    case 'create': {
      if (!values.file) return fail('create needs --file <tenant.json>');
      const body = readFileSync(values.file, 'utf8');
      return report(await request(api, await token(values.token, api), 'POST', '/tenants', body));
    }
    case 'list':
      return report(await request(api, await token(values.token, api), 'GET', '/tenants?limit=100'));
    case 'status':
    case 'retry':
    case 'deactivate':
    case 'reactivate': {
      if (!id) return fail(`${command} needs the tenant id`);
      const path = command === 'status' ? `/tenants/${encodeURIComponent(id)}` : `/tenants/${encodeURIComponent(id)}/${command}`;
      const body = command === 'retry' && values.file ? readFileSync(values.file, 'utf8') : undefined;
      return report(await request(api, await token(values.token, api), command === 'status' ? 'GET' : 'POST', path, body));
    }
    default:
      return fail(`Unknown command "${command}"\n${USAGE}`);
  }
}

async function token(given: string | undefined, api: string): Promise<string> {
  return given ?? (await localToken(api));
}

async function localToken(api: string): Promise<string> {
  const url = new URL(api);
  if (!['localhost', '127.0.0.1'].includes(url.hostname)) {
    throw new CliFailure('No token: set OPENKREIS_TOKEN or pass --token (the ID token of a county admin).');
  }
  const result = await request(api, undefined, 'POST', '/local/token', JSON.stringify({ username: LOCAL_COUNTY_ADMIN }));
  if (result.status !== 200) {
    throw new CliFailure(`The local platform at ${api} gave no token for the county admin:\n${describeResponse(result).output}`);
  }
  return (JSON.parse(result.text) as { idToken: string }).idToken;
}

async function request(api: string, bearer: string | undefined, method: string, path: string, body?: string) {
  const url = `${api}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
  } catch (error) {
    throw new CliFailure(describeFetchFailure(error, url));
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

function report(result: { status: number; contentType: string; text: string }): number {
  const { ok, output } = describeResponse(result);
  (ok ? console.log : console.error)(output);
  return ok ? 0 : 1;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(error instanceof CliFailure ? error.message : `${error.name}: ${error.message}`);
    process.exit(1);
  });
