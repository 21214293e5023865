/**
 * 5. AWS calls per application: one complete resident parking permit (submit → the citizen opens the status page for
 * the payment link → pays in the sandbox → the provider's webhook → checks → automatic approval → permit PDF →
 * notification), every SDK call counted by the SDK middleware and attributed to the Lambda function that made it,
 * plus the Step Functions execution history (state transitions, Lambda tasks and their durations).
 * Waiting is done by reading the store in-process (labelled `bench-wait`, not counted), not by polling the API.
 */
import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { takeCalls, totals, withLabel, type CallTotals, type RecordedCall } from '../lib/aws-calls.ts';
import { CITIZEN, TENANT, type BenchContext } from '../lib/context.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export interface FunctionCalls {
  /** Handler module (or `unattributed`). */
  label: string;
  /** How the function was invoked: over HTTP (API Gateway) or as a workflow task. */
  trigger: 'http' | 'workflow' | 'unknown';
  invocations: number;
  totals: CallTotals;
}

export interface WorkflowFigures {
  stateTransitions: number;
  lambdaTasks: number;
  /** Lambda task durations (Started → Succeeded, or → Submitted for task-token steps), per state name. */
  taskDurations: Array<{ state: string; ms: number }>;
  events: number;
}

export interface ApplicationCalls {
  applications: number;
  /** Per application (the median application), by function. */
  byFunction: FunctionCalls[];
  total: CallTotals;
  workflow: WorkflowFigures;
  /** Lambda invocations (= API Gateway requests for `http`) per application by trigger. */
  invocations: { http: number; workflow: number; httpDevOnly: number };
  taskDuration: Summary;
  endToEndMs: Summary;
  /** SDK calls the benchmark could not attribute to a function (should be 0). */
  unattributed: number;
  scansSeen: number;
}

const HTTP_FUNCTIONS: Record<string, { devOnly?: boolean }> = {
  'applications/submit.handler': {},
  'applications/get-application.handler': {},
  'payments/sandbox/checkout-action.handler': { devOnly: true },
  'payments/webhook.handler': {},
  'documents/download.handler': {},
};

async function waitForStatus(applicationId: string, statuses: string[], timeoutMs = 30_000): Promise<Record<string, any>> {
  const { getApplication } = await import('../../functions/applications/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  const deadline = Date.now() + timeoutMs;
  return withLabel('bench-wait', async () => {
    for (;;) {
      const app = await getApplication(systemTable, TENANT, applicationId);
      if (app && statuses.includes(app.status)) return app as Record<string, any>;
      if (app && ['failed', 'payment-failed', 'rejected'].includes(app.status)) throw new Error(`bench: application ended ${app.status}`);
      if (Date.now() > deadline) throw new Error(`bench: application ${applicationId} did not reach ${statuses.join('/')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
}

function workflowFigures(events: HistoryEvent[]): WorkflowFigures {
  const durations: WorkflowFigures['taskDurations'] = [];
  let currentState = '';
  let started: number | undefined;
  let lambdaTasks = 0;
  let stateTransitions = 0;
  for (const event of events) {
    const type = event.type ?? '';
    const at = event.timestamp ? new Date(event.timestamp).getTime() : 0;
    if (type.endsWith('StateEntered')) {
      stateTransitions += 1;
      currentState = event.stateEnteredEventDetails?.name ?? '';
    }
    if (type === 'LambdaFunctionScheduled' || (type === 'TaskScheduled' && event.taskScheduledEventDetails?.resourceType === 'lambda')) lambdaTasks += 1;
    if (type === 'LambdaFunctionStarted' || type === 'TaskStarted') started = at;
    if ((type === 'LambdaFunctionSucceeded' || type === 'TaskSubmitted' || (type === 'TaskSucceeded' && started !== undefined)) && started !== undefined) {
      durations.push({ state: currentState, ms: at - started });
      started = undefined;
    }
  }
  return { stateTransitions, lambdaTasks, taskDurations: durations, events: events.length };
}

async function history(ctx: BenchContext, applicationId: string): Promise<HistoryEvent[]> {
  const machineArn = ctx.platform.environment.APPLICATIONS_STATE_MACHINE_ARN!;
  const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:${applicationId}`;
  const client = new SFNClient(localClientConfig(ctx.platform.endpoints.sfn));
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  await withLabel('bench-history', async () => {
    do {
      const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  });
  client.destroy();
  return events;
}

interface OneApplication {
  calls: RecordedCall[];
  workflow: WorkflowFigures;
  elapsedMs: number;
}

async function oneApplication(ctx: BenchContext): Promise<OneApplication> {
  takeCalls();
  const started = performance.now();
  const submitted = await withLabel('bench-client', () =>
    ctx.api.call('POST', '/applications', { as: CITIZEN, body: { serviceId: 'resident-parking', form: ctx.parkingForm() }, headers: { 'idempotency-key': randomUUID() } }),
  );
  if (submitted.status !== 201) throw new Error(`bench: submit answered ${submitted.status}`);
  const id = submitted.body.applicationId as string;
  await waitForStatus(id, ['awaiting-payment']);
  // The citizen opens the status page once for the payment link.
  const status = await withLabel('bench-client', () => ctx.api.call('GET', `/applications/${id}`, { as: CITIZEN }));
  const checkout = new URL(status.body.payment?.checkoutUrl as string).pathname;
  const paid = await withLabel('bench-client', () => ctx.api.call('POST', checkout, { body: { action: 'pay' } }));
  if (paid.status !== 200) throw new Error(`bench: sandbox payment answered ${paid.status}`);
  const completed = await waitForStatus(id, ['completed']);
  const elapsedMs = performance.now() - started;
  // The citizen downloads the permit once: a presigned URL from the API, then the PDF straight from S3.
  const permit = (completed.documents as Array<{ kind: string; documentId: string }>).find((document) => document.kind === 'permit');
  if (!permit) throw new Error('bench: no permit document');
  const link = await withLabel('bench-client', () => ctx.api.call('GET', `/applications/${id}/documents/${permit.documentId}`, { as: CITIZEN }));
  if (link.status !== 200) throw new Error(`bench: download link answered ${link.status}`);
  const pdf = await withLabel('bench-client', async () => (await fetch(link.body.url)).arrayBuffer());
  if (pdf.byteLength < 100) throw new Error('bench: the permit PDF is empty');
  // Let the execution finish its last transitions (notification, end state).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const calls = takeCalls().filter((call) => !call.label.startsWith('bench') && call.label !== 'platform');
  return { calls, workflow: workflowFigures(await history(ctx, id)), elapsedMs };
}

export async function runAwsCalls(ctx: BenchContext): Promise<ApplicationCalls> {
  ctx.log(`AWS calls: ${ctx.size.countedApplications} complete permit application(s), every SDK call counted …`);
  const runs: OneApplication[] = [];
  for (let i = 0; i < ctx.size.countedApplications; i += 1) runs.push(await oneApplication(ctx));
  // The application with the median number of calls stands for "one application".
  const sorted = [...runs].sort((a, b) => a.calls.length - b.calls.length);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const labels = [...new Set(median.calls.map((call) => call.label))];
  const byFunction: FunctionCalls[] = labels.map((label) => {
    const calls = median.calls.filter((call) => call.label === label);
    const trigger: FunctionCalls['trigger'] = HTTP_FUNCTIONS[label] ? 'http' : label.includes('/workflow/') || label.startsWith('workflow:') ? 'workflow' : 'unknown';
    return { label, trigger, invocations: trigger === 'http' ? 1 : 0, totals: totals(calls) };
  });
  // Workflow steps are invoked as often as the history says; a function that made no SDK call is still invoked.
  const httpInvocations = Object.keys(HTTP_FUNCTIONS).filter((module) => !HTTP_FUNCTIONS[module]!.devOnly).length;
  const durations = median.workflow.taskDurations.map((task) => task.ms);
  return {
    applications: runs.length,
    byFunction: byFunction.sort((a, b) => b.totals.calls - a.totals.calls),
    total: totals(median.calls),
    workflow: median.workflow,
    invocations: { http: httpInvocations, workflow: median.workflow.lambdaTasks, httpDevOnly: 1 },
    taskDuration: summarize(durations),
    endToEndMs: summarize(runs.map((run) => run.elapsedMs)),
    unattributed: median.calls.filter((call) => call.label === 'unattributed').length,
    scansSeen: runs.reduce((sum, run) => sum + totals(run.calls).scans, 0),
  };
}
