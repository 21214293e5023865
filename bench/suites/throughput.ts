/**
 * 4. End-to-end throughput of the local platform over HTTP, as browsers would drive it: N concurrent applicants each
 * submit a resident parking application (distinct plate and address), poll the status every 100 ms until the payment
 * link is there, pay in the sandbox (`POST` to the link, `/sandbox-pay/{paymentId}`) and poll until the permit is issued
 * (`completed`). Applications per second = completed applications / wall time of the level.
 * Everything — HTTP adapter, handlers, local Step Functions engine — shares this one Node process and DynamoDB Local's
 * JVM on the same cores, so this is the capacity of the laptop platform, not of AWS.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '../lib/api.ts';
import { takeCalls } from '../lib/aws-calls.ts';
import { CITIZEN, type BenchContext } from '../lib/context.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export const POLL_INTERVAL_MS = 100;

export interface ThroughputLevel {
  concurrency: number;
  applications: number;
  completed: number;
  failed: number;
  wallMs: number;
  perSecond: number;
  /** Submit → completed observed, per application. */
  completion: Summary;
  /** Submit request latency over HTTP. */
  submitLatency: Summary;
  errors: string[];
}

export interface ThroughputFigures {
  levels: ThroughputLevel[];
  pollIntervalMs: number;
}

async function applicant(ctx: BenchContext, submitLatencies: number[]): Promise<number> {
  const started = performance.now();
  const submitted = await ctx.api.call('POST', '/applications', {
    as: CITIZEN,
    body: { serviceId: 'resident-parking', form: ctx.parkingForm() },
    headers: { 'idempotency-key': randomUUID() },
  });
  submitLatencies.push(performance.now() - started);
  if (submitted.status !== 201) throw new Error(`submit ${submitted.status}: ${JSON.stringify(submitted.body).slice(0, 200)}`);
  const id = submitted.body.applicationId as string;
  const deadline = Date.now() + 120_000;
  let paid = false;
  for (;;) {
    const status = await ctx.api.call('GET', `/applications/${id}`, { as: CITIZEN });
    const state = status.body?.status as string | undefined;
    if (state === 'completed') return performance.now() - started;
    if (state && ['failed', 'payment-failed', 'rejected', 'withdrawn', 'expired'].includes(state)) throw new Error(`application ended ${state}`);
    if (!paid && state === 'awaiting-payment' && status.body.payment?.checkoutUrl) {
      const payment = await ctx.api.call('POST', new URL(status.body.payment.checkoutUrl).pathname, { body: { action: 'pay' } });
      if (payment.status !== 200) throw new Error(`sandbox pay ${payment.status}`);
      paid = true;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`not completed within 120 s (status ${state})`);
    await sleep(POLL_INTERVAL_MS);
  }
}

async function level(ctx: BenchContext, concurrency: number, applications: number): Promise<ThroughputLevel> {
  const completions: number[] = [];
  const submitLatencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < applications) {
        next += 1;
        try {
          completions.push(await applicant(ctx, submitLatencies));
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  takeCalls();
  return {
    concurrency,
    applications,
    completed: completions.length,
    failed: errors.length,
    wallMs,
    perSecond: completions.length / (wallMs / 1000),
    completion: summarize(completions),
    submitLatency: summarize(submitLatencies),
    errors: [...new Set(errors)].slice(0, 5),
  };
}

export async function runThroughput(ctx: BenchContext): Promise<ThroughputFigures> {
  await ctx.api.token(CITIZEN);
  const levels: ThroughputLevel[] = [];
  for (const { concurrency, applications } of ctx.size.throughput) {
    ctx.log(`throughput: ${applications} applications with ${concurrency} concurrent applicant(s) …`);
    const result = await level(ctx, concurrency, applications);
    ctx.log(`  ${result.perSecond.toFixed(2)} applications/s, p50 ${(result.completion.median / 1000).toFixed(2)} s, ${result.failed} failed`);
    levels.push(result);
  }
  return { levels, pollIntervalMs: POLL_INTERVAL_MS };
}
