import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortFree } from './emulators/lifecycle.ts';
import { startPlatform } from './platform.ts';
import { requestLogTo } from './request-log.ts';
import { buildWeb } from './web-build.ts';

/**
 * `npm start` — the whole county platform on this machine. `npm start -- --reset` starts from empty data;
 * `--quiet` drops the line per request and workflow step.
 * PORT overrides the HTTP port (default 3000), OPENKREIS_DATA_DIR the data directory (default `.data/`), and
 * OPENKREIS_SCHEDULES=manual keeps the schedules from running by themselves (crash tests run them by hand).
 * OPENKREIS_CRASH_AT=<point> kills the process at a named point (fault injection, see functions/core/crash.ts; tests
 * arm points later with PUT /local/crash-points).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const reset = process.argv.includes('--reset');
// One line per request and workflow step unless `npm start -- --quiet`.
const quiet = process.argv.includes('--quiet');
const dataDir = process.env.OPENKREIS_DATA_DIR ? path.resolve(process.env.OPENKREIS_DATA_DIR) : path.join(root, '.data');
const shownDataDir = path.relative(root, dataDir).startsWith('..') ? dataDir : `${path.relative(root, dataDir)}/`;

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const started = Date.now();
  // Fail before anything starts: a second instance must not open the same .data/ files.
  if (port !== 0) {
    await assertPortFree(port).catch(() => {
      console.error(`Port ${port} is already in use (is OpenKreis already running?). Stop the other process or start with PORT=<port> npm start.`);
      process.exit(1);
    });
  }
  // The web app is rebuilt on every change while the platform runs; a page load then gets the new build.
  const web = await buildWeb({ watch: true, log: (message) => console.log(message) });
  const platform = await startPlatform({
    dataDir,
    port,
    reset,
    schedules: process.env.OPENKREIS_SCHEDULES === 'manual' ? 'manual' : 'timers',
    contractChecks: true,
    log: (message) => console.log(message),
    ...(quiet ? {} : { requestLog: requestLogTo((line) => console.log(line)) }),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Stop the other process or start with PORT=<port> npm start.`);
      process.exit(1);
    }
    throw error;
  });

  console.log(`
OpenKreis runs locally (${((Date.now() - started) / 1000).toFixed(1)} s), data in ${shownDataDir}${reset ? ' (reset)' : ''}

  Web app           ${platform.url}/
  HTTP API          ${platform.url}/api/   (and at the old paths, e.g. ${platform.url}/health)
  Health            ${platform.url}/health
  Demo users        ${platform.url}/local/users
  Token             curl -s -X POST ${platform.url}/local/token -H 'content-type: application/json' \\
                         -d '{"username":"county-admin@rhein-kreis-neuss.openkreis.test"}'

  DynamoDB Local    ${platform.endpoints.dynamodb}
  S3 (s3rver)       ${platform.endpoints.s3}
  Cognito (local)   ${platform.endpoints.cognito}   user pool ${platform.userPool.userPoolId}
  SES (local)       ${platform.endpoints.ses}/store
  Step Functions    ${platform.endpoints.sfn}

Ctrl-C stops everything.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    await platform.stop();
    await web.close();
    console.log(`Stopped. Data kept in ${shownDataDir}.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`OpenKreis could not start: ${error.message}`);
  process.exit(1);
});
