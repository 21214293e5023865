// One cold start: a fresh Node process imports a bundled handler and serves one event, as Lambda's INIT + first
// INVOKE do. Plain JavaScript so that `node` runs it without a loader.
//   node [--enable-source-maps] cold-runner.mjs <bundle.mjs> [event.json]
// Prints one JSON line: importMs (module evaluation), invokeMs (first invocation), readyMs (process start → handler
// answered, from performance.timeOrigin), outcome and status code.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = eventFile ? JSON.parse(readFileSync(eventFile, 'utf8')) : {};
const deadline = Date.now() + 10_000;
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: `bench-${process.pid}`,
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {},
  fail() {},
  succeed() {},
};

const beforeImport = performance.now();
const module = await import(pathToFileURL(bundle).href);
const afterImport = performance.now();
let outcome = 'ok';
let status;
try {
  const result = await module.handler(event, context);
  status = result && typeof result === 'object' ? result.statusCode : undefined;
} catch (error) {
  outcome = `error:${error?.name ?? 'unknown'}`;
}
const answered = performance.now();
process.stdout.write(
  `${JSON.stringify({ bootMs: beforeImport, importMs: afterImport - beforeImport, invokeMs: answered - afterImport, readyMs: answered, outcome, status })}\n`,
);
// Keep-alive sockets of the SDK would hold the process open; Lambda freezes it instead.
process.exit(0);
