import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { functionLogicalIdFromArn, startStepFunctionsEndpoint, stateMachinesFromTemplate, type StepFunctionsEndpoint } from '../../infra/local/stepfunctions/index.ts';
import { synthesizeForLocal, LOCAL_ACCOUNT } from '../../infra/local/synth.ts';

/**
 * Every branch of the application lifecycle, run on the state machine exactly as the CDK app synthesizes it, with
 * the Lambda tasks replaced by scripted stand-ins. What is asserted is the workflow's own logic: which statuses are
 * recorded, when money is refunded, and how the execution ends.
 */
interface Scenario {
  amountCents: number;
  paymentTimeoutSeconds: number;
  checks: 'approve' | 'review';
  cancelReports: 'CANCELED' | 'BOOKED';
  failIn?: string;
  /** The error name of the scripted failure (default `ScriptedFailure`). */
  failWith?: string;
}

interface Recorded {
  calls: Array<{ handler: string; payload: any }>;
  tokens: Record<string, string>;
}

let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;
let machineArn: string;
let scenario: Scenario;
const executions = new Map<string, Recorded>();

function respond(recorded: Recorded, handler: string, payload: any): unknown {
  recorded.calls.push({ handler, payload });
  const name = handler.replace(/\.handler$/, '');
  if (scenario.failIn === name) throw Object.assign(new Error('scripted failure'), { name: scenario.failWith ?? 'ScriptedFailure' });
  switch (name) {
    case 'payments/workflow/create-payment':
      return { paymentId: `neuss.${payload.applicationId}`, checkoutUrl: 'http://pay', status: 'INITIAL' };
    case 'payments/workflow/await-payment':
      recorded.tokens.payment = payload.taskToken;
      return { registered: true };
    case 'payments/workflow/cancel-payment':
      return { status: scenario.cancelReports };
    case 'payments/workflow/refund-payment':
      return { status: 'REFUNDED', reference: 'R-1', refundedAt: new Date().toISOString() };
    case 'applications/workflow/run-checks':
      return { decision: scenario.checks, findings: 0 };
    case 'applications/workflow/await-decision':
      recorded.tokens.decision = payload.taskToken;
      return { waiting: true };
    case 'applications/workflow/issue-documents':
      return { documents: 1 };
    case 'applications/workflow/transition':
      return { status: payload.to };
    default:
      throw new Error(`unexpected task ${handler}`);
  }
}

beforeAll(async () => {
  const templates = synthesizeForLocal();
  const resources = templates.services.Resources as Record<string, { Metadata?: Record<string, string> }>;
  const machines = stateMachinesFromTemplate(templates.services, { region: 'eu-central-1', account: LOCAL_ACCOUNT });
  machineArn = machines.find((machine) => machine.name.endsWith('application-lifecycle'))!.arn;
  endpoint = await startStepFunctionsEndpoint({
    port: 0,
    stateMachines: machines,
    logger: { info: () => undefined, error: () => undefined },
    invokeLambda: async (arn, payload: any) => {
      const handler = resources[functionLogicalIdFromArn(arn)]!.Metadata!['OpenKreis::Handler']!;
      // Payment steps carry the payment id only; the scripted payment id embeds the application id.
      const recorded = executions.get(payload.applicationId ?? String(payload.paymentId).split('.')[1]);
      if (!recorded) throw new Error('unknown execution');
      return respond(recorded, handler, payload);
    },
  });
  sfn = new SFNClient({ endpoint: endpoint.url, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}, 60_000);

afterAll(async () => {
  await endpoint?.close();
});

beforeEach(() => {
  scenario = { amountCents: 12000, paymentTimeoutSeconds: 30, checks: 'approve', cancelReports: 'CANCELED' };
});

let counter = 0;
async function start(): Promise<{ id: string; recorded: Recorded; arn: string }> {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const recorded: Recorded = { calls: [], tokens: {} };
  executions.set(id, recorded);
  // The submission computed the fee and passes the payment terms.
  const fee = { amountCents: scenario.amountCents, caseNumber: 'NE-BPA-2026-000001', purpose: 'Test', cashReference: 'X', paymentTimeoutSeconds: scenario.paymentTimeoutSeconds, attempt: 1 };
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: id, input: JSON.stringify({ tenantId: 'neuss', applicationId: id, fee }) }));
  return { id, recorded, arn: executionArn! };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}

async function finished(arn: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (status !== 'RUNNING') return status!;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error('execution still running');
}

/**
 * The steps that record a status, in order: the transition step by its target status; RunChecks (which records
 * `paid` when it gets a payment result, `checks-passed` and an automatic approval) and IssueDocuments (which records
 * `documents-issued` and `completed`) by name.
 */
const transitions = (recorded: Recorded) =>
  recorded.calls
    .filter((call) => /(transition|run-checks|issue-documents)\.handler$/.test(call.handler))
    .map((call) => {
      if (call.handler.endsWith('run-checks.handler')) return call.payload.paymentResult ? 'checks (paid)' : 'checks';
      if (call.handler.endsWith('issue-documents.handler')) return 'documents';
      return `${call.payload.to}${call.payload.refund ? '+refund' : ''}`;
    });
const called = (recorded: Recorded, name: string) => recorded.calls.filter((call) => call.handler.includes(name)).length;

const pay = (token: string) => sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ paymentId: 'p', status: 'BOOKED', transactionReference: 'K-1' }) }));
const decide = (token: string, outcome: 'approve' | 'reject') => sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome, reason: 'Begründung' }) }));
const fail = (token: string, error: string) => sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause: 'test' }));

describe('the application lifecycle workflow (synthesized definition)', () => {
  it('paid and approved automatically: awaiting-payment → checks with the payment → documents, no refund', async () => {
    const { recorded, arn } = await start();
    await pay(await until(() => recorded.tokens.payment));
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'checks (paid)', 'documents']);
    const checks = recorded.calls.find((c) => c.handler.endsWith('run-checks.handler'))!.payload;
    expect(checks.paymentResult.transactionReference).toBe('K-1');
    expect(checks.payment.paymentId).toBe(`neuss.${checks.applicationId}`);
    expect(called(recorded, 'refund-payment')).toBe(0);
  });

  it('free of charge: no payment at all', async () => {
    scenario.amountCents = 0;
    const { recorded, arn } = await start();
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(called(recorded, 'create-payment')).toBe(0);
    expect(transitions(recorded)).toEqual(['checks', 'documents']);
  });

  it('a failed payment ends in payment-failed, nothing to refund', async () => {
    const { recorded, arn } = await start();
    await fail(await until(() => recorded.tokens.payment), 'PaymentFailed');
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'payment-failed']);
    expect(called(recorded, 'refund-payment')).toBe(0);
  });

  it('unpaid after the payment time: the payment is cancelled and the application expires', async () => {
    scenario.paymentTimeoutSeconds = 1;
    const { recorded, arn } = await start();
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(called(recorded, 'cancel-payment')).toBe(1);
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'expired']);
  });

  it('booked at the moment of expiry: the money is refunded, never kept', async () => {
    scenario.paymentTimeoutSeconds = 1;
    scenario.cancelReports = 'BOOKED';
    const { recorded, arn } = await start();
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'expired+refund']);
    expect(called(recorded, 'refund-payment')).toBe(1);
  });

  it('withdrawn while waiting for the payment: cancelled, withdrawn', async () => {
    const { recorded, arn } = await start();
    await fail(await until(() => recorded.tokens.payment), 'Withdrawn');
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(called(recorded, 'cancel-payment')).toBe(1);
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'withdrawn']);
  });

  it('caseworker rejects after payment: refunded, rejected', async () => {
    scenario.checks = 'review';
    const { recorded, arn } = await start();
    await pay(await until(() => recorded.tokens.payment));
    await decide(await until(() => recorded.tokens.decision), 'reject');
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'checks (paid)', 'rejected+refund']);
    expect(called(recorded, 'issue-documents')).toBe(0);
  });

  it('caseworker approves: documents issued, completed', async () => {
    scenario.checks = 'review';
    const { recorded, arn } = await start();
    await pay(await until(() => recorded.tokens.payment));
    await decide(await until(() => recorded.tokens.decision), 'approve');
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'checks (paid)', 'documents']);
    expect(called(recorded, 'issue-documents')).toBe(1);
  });

  it('withdrawn while waiting for the caseworker: refunded, withdrawn', async () => {
    scenario.checks = 'review';
    const { recorded, arn } = await start();
    await pay(await until(() => recorded.tokens.payment));
    await fail(await until(() => recorded.tokens.decision), 'Withdrawn');
    expect(await finished(arn)).toBe('SUCCEEDED');
    expect(transitions(recorded)).toEqual(['awaiting-payment', 'checks (paid)', 'withdrawn+refund']);
  });

  it('any failure after payment compensates: payment cancelled or refunded, status failed with the error', async () => {
    scenario.failIn = 'applications/workflow/issue-documents';
    const { recorded, arn } = await start();
    await pay(await until(() => recorded.tokens.payment));
    expect(await finished(arn)).toBe('FAILED');
    expect(called(recorded, 'refund-payment')).toBe(1);
    const failed = recorded.calls.find((c) => c.handler.endsWith('transition.handler') && c.payload.to === 'failed')!;
    expect(failed.payload.error.Error).toBe('ScriptedFailure');
    expect(failed.payload.refund.status).toBe('REFUNDED');
    // Issuing is idempotent: two more attempts complete what a crashed attempt left half-done, before compensating.
    expect(called(recorded, 'issue-documents')).toBe(3);
  });

  it('does not retry issuing for an application that does not exist', async () => {
    scenario = { ...scenario, amountCents: 0, failIn: 'applications/workflow/issue-documents', failWith: 'ApplicationNotFound' };
    const { recorded, arn } = await start();
    expect(await finished(arn)).toBe('FAILED');
    expect(called(recorded, 'issue-documents')).toBe(1);
  });

  it('a failure before any payment records failed without a refund', async () => {
    scenario.failIn = 'payments/workflow/create-payment';
    const { recorded, arn } = await start();
    expect(await finished(arn)).toBe('FAILED');
    expect(called(recorded, 'refund-payment')).toBe(0);
    expect(transitions(recorded)).toEqual(['failed']);
  });
});
