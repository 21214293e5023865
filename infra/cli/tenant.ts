import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * DevOps command for tenants, against the local platform or a deployed stage. It goes through the HTTP API, so a
 * tenant created from the terminal passes the same validation, workflow and audit trail as one created in a browser.
 *
 *   npm run tenant -- create --file tenant.json [--api URL] [--token TOKEN]
 *   npm run tenant -- list | status <id> | retry <id> | deactivate <id>
 *
 * --api defaults to $OPENKREIS_API or http://localhost:3000. --token defaults to $OPENKREIS_TOKEN (the ID token of a
 * county admin); against the local platform the seeded county admin is signed in automatically.
 */
const USAGE = `Usage:
  npm run tenant -- create --file <tenant.json> [--api <url>] [--token <id-token>]
  npm run tenant -- list [--api <url>] [--token <id-token>]
  npm run tenant -- status <id> | retry <id> | deactivate <id> [--api <url>] [--token <id-token>]

tenant.json: {"id": "musterstadt", "name": "Stadt Musterstadt", "ags": "05162099", "caseNumberPrefix": "MU",
  "adminEmail": "...", "contact": {"email": "..."}, "urls": {"imprint": "https://...", "privacy": "https://...",
  "accessibility": "https://..."}, "enabledServices": ["resident-parking"]}`;

const LOCAL_COUNTY_ADMIN = 'county-admin@rhein-kreis-neuss.openkreis.test';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      api: { type: 'string', default: process.env.OPENKREIS_API ?? 'http://localhost:3000' },
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
  const token = values.token ?? (await localToken(api));

  switch (command) {
    case 'create': {
      if (!values.file) return fail('create needs --file <tenant.json>');
      const body = readFileSync(values.file, 'utf8');
      return report(await request(api, token, 'POST', '/tenants', body));
    }
    case 'list':
      return report(await request(api, token, 'GET', '/tenants?limit=100'));
    case 'status':
    case 'retry':
    case 'deactivate': {
      if (!id) return fail(`${command} needs the tenant id`);
      const path = command === 'status' ? `/tenants/${encodeURIComponent(id)}` : `/tenants/${encodeURIComponent(id)}/${command}`;
      return report(await request(api, token, command === 'status' ? 'GET' : 'POST', path));
    }
    default:
      return fail(`Unknown command "${command}"\n${USAGE}`);
  }
}

async function localToken(api: string): Promise<string> {
  const url = new URL(api);
  if (!['localhost', '127.0.0.1'].includes(url.hostname)) {
    throw new Error('No token: set OPENKREIS_TOKEN or pass --token (the ID token of a county admin).');
  }
  const response = await fetch(`${api}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: LOCAL_COUNTY_ADMIN }),
  });
  if (!response.ok) throw new Error(`The local platform refused a token (${response.status}). Is npm start running?`);
  return ((await response.json()) as { idToken: string }).idToken;
}

async function request(api: string, token: string, method: string, path: string, body?: string) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, text };
}

function report(result: { status: number; text: string }): number {
  let output = result.text;
  try {
    output = JSON.stringify(JSON.parse(result.text), null, 2);
  } catch {
    // not JSON: print as it came
  }
  (result.status < 400 ? console.log : console.error)(`HTTP ${result.status}\n${output}`);
  return result.status < 400 ? 0 : 1;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
