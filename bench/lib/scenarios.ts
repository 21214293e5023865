/**
 * The main routes as benchmark scenarios: each builds a realistic API Gateway event per iteration (with the claims the
 * JWT authorizer would pass), and knows what must happen before (a fresh enrolment for a quiz submission) and after
 * (a submitted application's workflow settles before the next measurement, so background work does not leak into
 * the next sample).
 */
import { randomUUID } from 'node:crypto';
import { withLabel } from './aws-calls.ts';
import { CASEWORKER, CITIZEN, TENANT, TENANT_ADMIN, httpEvent, context, type BenchContext } from './context.ts';

export interface PreparedEvent {
  event: unknown;
  /** Runs after the measured invocation, unmeasured. */
  after?: (result: any) => Promise<void>;
}

export interface Scenario {
  /** Short name used in tables and as the label of its AWS calls. */
  name: string;
  module: string;
  routeKey: string;
  /** `report`: a report route, whose target is a bounded number of reads (≤ 20) whatever the volume. */
  kind: 'read' | 'write' | 'report';
  expected: number[];
  event(ctx: BenchContext): Promise<PreparedEvent>;
}

const COURSE = 'open-data';
const EMPLOYEE = 'employee@neuss.openkreis.test';

interface Shared {
  completedApplicationId?: string;
  permitToken?: string;
}
const shared = new WeakMap<BenchContext, Shared>();

/** One completed application (submit → pay → permit): the status and verify scenarios read it. */
export async function ensureCompletedApplication(ctx: BenchContext): Promise<Shared> {
  const state = shared.get(ctx) ?? {};
  shared.set(ctx, state);
  if (state.completedApplicationId && state.permitToken) return state;
  const done = await withLabel('bench-setup', () => ctx.completeApplication());
  const permit = (done.documents as Array<{ kind: string; documentId: string }>).find((document) => document.kind === 'permit');
  if (!permit) throw new Error('bench: the completed application has no permit document');
  const { permitIdFor } = await import('../../functions/services/resident-parking/permit.ts');
  const { signDocumentToken } = await import('../../functions/documents/signing.ts');
  state.completedApplicationId = done.applicationId;
  state.permitToken = await signDocumentToken({ typ: 'permit', tid: TENANT, sub: permit.documentId, pid: permitIdFor(TENANT, done.applicationId), v: 1 });
  return state;
}

let employeeSequence = 0;

/** A fresh training employee of Neuss with the claims its token would carry (the seed's employee, another `sub`). */
export async function freshEmployee(ctx: BenchContext): Promise<Record<string, string>> {
  const { putEmployees } = await import('../../functions/training/employees/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  employeeSequence += 1;
  const employeeId = `bench-${process.pid}-${employeeSequence}-${randomUUID().slice(0, 8)}`;
  const email = `bench-${employeeSequence}@neuss.openkreis.test`;
  const now = new Date();
  await withLabel('bench-setup', () =>
    putEmployees(systemTable, [
      {
        employeeId,
        tenantId: TENANT,
        name: `Bench ${employeeSequence}`,
        email,
        department: 'Bürgerbüro',
        jobRole: 'Sachbearbeitung',
        startDate: '2024-01-02',
        pseudonym: randomUUID(),
        createdAt: now.toISOString(),
      },
    ], now),
  );
  return { ...(await ctx.claims(EMPLOYEE)), sub: employeeId, email, 'cognito:username': employeeId };
}

/** Waits (unmeasured) until a submitted application's workflow waits for the payment. */
async function settled(applicationId: string): Promise<void> {
  const { getApplication } = await import('../../functions/applications/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  const deadline = Date.now() + 30_000;
  await withLabel('bench-wait', async () => {
    for (;;) {
      const app = await getApplication(systemTable, TENANT, applicationId);
      if (app && app.status !== 'submitted' && app.status !== 'fee-computed') return;
      if (Date.now() > deadline) throw new Error(`bench: application ${applicationId} did not reach awaiting-payment`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'status',
    module: 'applications/get-application.handler',
    routeKey: 'GET /applications/{id}',
    kind: 'read',
    expected: [200],
    async event(ctx) {
      const { completedApplicationId } = await ensureCompletedApplication(ctx);
      return { event: httpEvent({ routeKey: this.routeKey, claims: await ctx.claims(CITIZEN), pathParameters: { id: completedApplicationId! } }) };
    },
  },
  {
    name: 'inbox',
    module: 'applications/inbox.handler',
    routeKey: 'GET /caseworker/applications',
    kind: 'read',
    expected: [200],
    async event(ctx) {
      return {
        event: httpEvent({
          routeKey: this.routeKey,
          claims: await ctx.claims(CASEWORKER),
          query: { status: 'awaiting-payment', service: 'resident-parking' },
        }),
      };
    },
  },
  {
    name: 'verify',
    module: 'documents/verify.handler',
    routeKey: 'GET /verify/{token}',
    kind: 'read',
    expected: [200],
    async event(ctx) {
      const { permitToken } = await ensureCompletedApplication(ctx);
      return { event: httpEvent({ routeKey: this.routeKey, pathParameters: { token: permitToken! }, headers: { accept: 'application/json' } }) };
    },
  },
  {
    name: 'kpis',
    module: 'reports/kpis.handler',
    routeKey: 'GET /reports/kpis',
    kind: 'report',
    expected: [200],
    async event(ctx) {
      // After the submissions and the completed application of the other scenarios: Neuss has data in every counter.
      await ensureCompletedApplication(ctx);
      return { event: httpEvent({ routeKey: this.routeKey, claims: await ctx.claims(TENANT_ADMIN) }) };
    },
  },
  {
    name: 'open data',
    module: 'reports/open-data-dataset.handler',
    routeKey: 'GET /open-data/{tenantId}/datasets/{datasetId}',
    kind: 'report',
    expected: [200],
    async event() {
      return { event: httpEvent({ routeKey: this.routeKey, pathParameters: { tenantId: TENANT, datasetId: 'antraege' } }) };
    },
  },
  {
    name: 'submit',
    module: 'applications/submit.handler',
    routeKey: 'POST /applications',
    kind: 'write',
    expected: [201],
    async event(ctx) {
      return {
        event: httpEvent({
          routeKey: this.routeKey,
          claims: await ctx.claims(CITIZEN),
          body: { serviceId: 'resident-parking', form: ctx.parkingForm() },
          headers: { 'idempotency-key': randomUUID() },
        }),
        after: async (result) => {
          const body = typeof result?.body === 'string' ? JSON.parse(result.body) : undefined;
          if (body?.applicationId) await settled(body.applicationId);
        },
      };
    },
  },
  {
    name: 'enrol',
    module: 'training/enrol.handler',
    routeKey: 'POST /training/courses/{id}/enrol',
    kind: 'write',
    expected: [201],
    async event(ctx) {
      return { event: httpEvent({ routeKey: this.routeKey, claims: await freshEmployee(ctx), pathParameters: { id: COURSE } }) };
    },
  },
  {
    name: 'quiz submit',
    module: 'training/submit-attempt.handler',
    routeKey: 'POST /training/courses/{id}/attempts/{attempt}/submit',
    kind: 'write',
    expected: [200],
    async event(ctx) {
      const claims = await freshEmployee(ctx);
      const enrol = await ctx.handler('training/enrol.handler');
      const start = await ctx.handler('training/start-attempt.handler');
      const started = await withLabel('bench-setup', async () => {
        await enrol(httpEvent({ routeKey: 'POST /training/courses/{id}/enrol', claims, pathParameters: { id: COURSE } }), context('bench-setup'));
        return start(httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', claims, pathParameters: { id: COURSE } }), context('bench-setup'));
      });
      if (started.statusCode !== 201) throw new Error(`bench: could not start a quiz attempt: ${started.statusCode} ${started.body}`);
      const attempt = JSON.parse(started.body) as { attempt: number; questions: Array<{ id: string; options: Array<{ id: string }> }> };
      const answers = Object.fromEntries(attempt.questions.map((question) => [question.id, [question.options[0]!.id]]));
      return {
        event: httpEvent({ routeKey: this.routeKey, claims, pathParameters: { id: COURSE, attempt: String(attempt.attempt) }, body: { answers } }),
      };
    },
  },
];
