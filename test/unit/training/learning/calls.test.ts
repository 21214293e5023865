import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCourseFolder } from '../../../../functions/training/content/load.ts';
import type { Course } from '../../../../functions/training/model.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { FakeTable } from './fake-table.ts';
import { TENANT, employee, givenEmployee } from './support.ts';

/**
 * The DynamoDB calls of the learning routes, with the real catalogue (the county files of `training-content/`) and
 * the real stores — the budget is ≤ 3 calls per write route: a Query (the cycle), one BatchGetItem (the employee,
 * the course version, the attempt, …) and one transaction.
 */
const COURSE = 'datenschutz-im-verwaltungsalltag';
const table = new FakeTable();
let course: Course;

type Handler = (event: unknown, context: any) => Promise<any>;
let handlers: Record<'enrol' | 'read' | 'start' | 'submit' | 'mine', Handler>;

/** Fresh handler modules: a cold container, which remembers no course snapshot. */
async function coldContainer() {
  vi.resetModules();
  handlers = {
    enrol: (await import('../../../../functions/training/enrol.handler.ts')).handler as Handler,
    read: (await import('../../../../functions/training/mark-lesson-read.handler.ts')).handler as Handler,
    start: (await import('../../../../functions/training/start-attempt.handler.ts')).handler as Handler,
    submit: (await import('../../../../functions/training/submit-attempt.handler.ts')).handler as Handler,
    mine: (await import('../../../../functions/training/my-course.handler.ts')).handler as Handler,
  };
}

beforeAll(async () => {
  const loaded = await loadCourseFolder(`training-content/${COURSE}`);
  course = loaded.course!;
});

beforeEach(async () => {
  table.reset();
  givenEmployee(table);
  givenEmployee(table, employee({ employeeId: 'emp-2', name: 'Max Muster' }));
  table.put({ PK: `${TENANT}#TENANT`, SK: 'CONFIG', version: 1, config: { displayName: 'Stadt Neuss', contact: { email: 'fortbildung@neuss.example' } } });
  await coldContainer();
});

afterEach(() => {
  vi.resetModules();
});

/** Enrol sends its two reads at the same time: their order is not part of the sequence. */
const readsTogether = (calls: string[]) => [[...calls.slice(0, 2)].sort().join(' ∥ '), ...calls.slice(2)];

const learner = (sub = 'emp-1'): TestCaller => ({ tenantId: TENANT, roles: ['employee'], sub });

/** The command names the route sent, in order. */
async function callsOf(run: () => Promise<{ statusCode: number }>, status: number): Promise<string[]> {
  table.mock.resetHistory();
  const result = await run();
  expect(result.statusCode).toBe(status);
  const calls = table.mock.calls().map((entry) => entry.args[0] as { constructor: { name: string }; input: any });
  // Every key read lies in the caller's tenant.
  for (const { input } of calls) {
    for (const key of Object.values(input.RequestItems ?? {}).flatMap((request: any) => request.Keys)) expect((key as { PK: string }).PK.startsWith(`${TENANT}#`)).toBe(true);
    if (input.KeyConditionExpression) expect(String(input.ExpressionAttributeValues[':pk']).startsWith(`${TENANT}#`)).toBe(true);
  }
  return calls.map((command) => command.constructor.name.replace(/Command$/, ''));
}

const enrol = (who = learner()) => call(handlers.enrol, httpEvent({ routeKey: 'POST /training/courses/{id}/enrol', caller: who, pathParameters: { id: COURSE } }));
const read = (lessonId: string, who = learner()) =>
  call(handlers.read, httpEvent({ routeKey: 'POST /training/courses/{id}/lessons/{lessonId}/read', caller: who, pathParameters: { id: COURSE, lessonId } }));
const mine = (who = learner()) => call(handlers.mine, httpEvent({ routeKey: 'GET /training/me/courses/{id}', caller: who, pathParameters: { id: COURSE } }));
const start = (who = learner()) => call(handlers.start, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', caller: who, pathParameters: { id: COURSE } }));
const submit = (attempt: number, right: boolean, who = learner()) =>
  call(
    handlers.submit,
    httpEvent({
      routeKey: 'POST /training/courses/{id}/attempts/{attempt}/submit',
      caller: who,
      pathParameters: { id: COURSE, attempt: String(attempt) },
      body: {
        answers: Object.fromEntries(
          course.questions.map((question) => [
            question.id,
            right ? question.options.filter((option) => option.correct).map((option) => option.id) : [question.options.find((option) => !option.correct)!.id],
          ]),
        ),
      },
    }),
  );

describe('DynamoDB calls of the learning routes', () => {
  it('enrol: the employee with the snapshot and the latest cycle at once, then one transaction', async () => {
    // The tenant's first enrolment in this version also stores the snapshot (once per tenant and version).
    expect(readsTogether(await callsOf(() => enrol(), 201))).toEqual(['BatchGet ∥ Query', 'Put', 'TransactWrite']);
    // Any later enrolment: the snapshot is found with the employee — or remembered by the warm container.
    expect(readsTogether(await callsOf(() => enrol(learner('emp-2')), 201))).toEqual(['BatchGet ∥ Query', 'TransactWrite']);
    await coldContainer();
    table.put({ ...employee({ employeeId: 'emp-3' }), PK: `${TENANT}#EMPLOYEE#emp-3`, SK: 'PROFILE' });
    expect(readsTogether(await callsOf(() => enrol(learner('emp-3')), 201))).toEqual(['BatchGet ∥ Query', 'TransactWrite']);
    // Enrolling again (idempotent) writes nothing.
    expect(readsTogether(await callsOf(() => enrol(learner('emp-3')), 200))).toEqual(['BatchGet ∥ Query']);
  });

  it('quiz submit: the cycle, then employee, attempt and course version in one read, then one transaction', async () => {
    await enrol();
    await start();
    await coldContainer();
    expect(await callsOf(() => submit(1, false), 200)).toEqual(['Query', 'BatchGet', 'TransactWrite']);
    // Submitted once: a repeated submission reads and answers the first result.
    expect(await callsOf(() => submit(1, true), 200)).toEqual(['Query', 'BatchGet']);
  });

  it('quiz submit that completes the course: the tenant\'s name is read with the rest, then the completion', async () => {
    await enrol();
    for (const lesson of course.lessons) await read(lesson.id);
    await start();
    await coldContainer();
    const calls = await callsOf(() => submit(1, true), 200);
    expect(calls).toEqual(['Query', 'BatchGet', 'TransactWrite', 'TransactWrite']);
  });

  it('start attempt and mark lesson read: a Query, one BatchGetItem and one transaction each', async () => {
    await enrol();
    await coldContainer();
    expect(await callsOf(() => start(), 201)).toEqual(['Query', 'BatchGet', 'TransactWrite']);
    expect(await callsOf(() => start(), 200)).toEqual(['Query', 'BatchGet']);
    expect(await callsOf(() => read(course.lessons[0]!.id), 200)).toEqual(['Query', 'BatchGet', 'TransactWrite']);
  });

  it('the learner\'s view of a course: the cycle, then its course version (remembered by a warm container); no cycle: the files', async () => {
    expect(await callsOf(() => mine(), 200)).toEqual(['Query']);
    await enrol();
    await coldContainer();
    expect(await callsOf(() => mine(), 200)).toEqual(['Query', 'BatchGet']);
    expect(await callsOf(() => mine(), 200)).toEqual(['Query']);
  });
});
