import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answeredStatement,
  attemptedStatement,
  completedStatement,
  experiencedStatement,
  judgedStatement,
  registeredStatement,
  type StatementContext,
} from '../../../../functions/training/xapi/statements.ts';
import { statementPuts } from '../../../../functions/training/xapi/store.ts';
import { handler } from '../../../../functions/training/xapi-statements.handler.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { FakeTable } from './fake-table.ts';
import { COURSE_ID, TENANT, admin, employee, learner } from './support.ts';

const table = new FakeTable();
const person = employee();
const context: StatementContext = {
  tenantId: TENANT,
  pseudonym: person.pseudonym,
  courseId: COURSE_ID,
  courseTitle: 'Datenschutz – Grundlagen',
  courseVersion: 1,
  registration: '5d0c7a8e-2b1f-4c3d-9e8f-7a6b5c4d3e2f',
  timestamp: new Date('2026-03-10T09:00:00.000Z'),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('xAPI statements', () => {
  const all = [
    registeredStatement(context, 'self'),
    experiencedStatement(context, { id: 'grundsaetze', title: 'Grundsätze' }),
    attemptedStatement(context, 1),
    answeredStatement(context, 1, { questionId: 'q2', optionIds: ['a', 'b'], correct: true }),
    judgedStatement(context, 1, 87.5, true),
    judgedStatement(context, 2, 50, false),
    completedStatement(context),
  ];

  it('name the actor by a pseudonymous account only — never a name or e-mail address', () => {
    for (const statement of all) {
      expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: 'https://openkreis.de/neuss', name: 'p-3b9d1c7e5a2f4680' } });
      const json = JSON.stringify(statement);
      expect(json).not.toContain(person.name);
      expect(json).not.toContain('Mustermann');
      expect(json).not.toContain(person.email);
      expect(json).not.toContain('emp-1');
      expect(json).not.toMatch(/mbox|openid/);
    }
  });

  it('are xAPI 1.0.3 with UUIDs, ADL verbs, our activity ids and the cycle as registration', () => {
    expect(all.map((statement) => statement.verb.id)).toEqual([
      'http://adlnet.gov/expapi/verbs/registered',
      'http://adlnet.gov/expapi/verbs/experienced',
      'http://adlnet.gov/expapi/verbs/attempted',
      'http://adlnet.gov/expapi/verbs/answered',
      'http://adlnet.gov/expapi/verbs/passed',
      'http://adlnet.gov/expapi/verbs/failed',
      'http://adlnet.gov/expapi/verbs/completed',
    ]);
    for (const statement of all) {
      expect(statement.id).toMatch(UUID);
      expect(statement.version).toBe('1.0.3');
      expect(statement.context.registration).toBe(context.registration);
      expect(statement.timestamp).toBe('2026-03-10T09:00:00.000Z');
    }
    expect(all[0]!.object).toMatchObject({ id: `https://openkreis.de/training/${COURSE_ID}`, definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { 'de-DE': 'Datenschutz – Grundlagen' } } });
    expect(all[1]!.object.id).toBe(`https://openkreis.de/training/${COURSE_ID}/lessons/grundsaetze`);
    expect(all[3]!.object.id).toBe(`https://openkreis.de/training/${COURSE_ID}/quiz/q2`);
    expect(all[3]!.context.contextActivities).toEqual({ parent: [{ objectType: 'Activity', id: `https://openkreis.de/training/${COURSE_ID}` }] });
    expect(all[3]!.result).toEqual({ success: true, response: 'a[,]b' });
  });

  it('give `passed` and `failed` a scaled score and success — never completion (cmi5)', () => {
    expect(all[4]!.result).toEqual({ score: { scaled: 0.875, raw: 87.5, min: 0, max: 100 }, success: true });
    expect(all[5]!.result).toEqual({ score: { scaled: 0.5, raw: 50, min: 0, max: 100 }, success: false });
    for (const verdict of [all[4]!, all[5]!]) expect(verdict.result).not.toHaveProperty('completion');
  });

  it('give `completed` completion only', () => {
    expect(all[6]!.result).toEqual({ completion: true });
  });

  it('are stored once, under their id, with strictly increasing stored times', () => {
    const puts = statementPuts(TENANT, all.slice(0, 3), context.timestamp);
    expect(puts.map((put) => put.Put.ConditionExpression)).toEqual(['attribute_not_exists(PK)', 'attribute_not_exists(PK)', 'attribute_not_exists(PK)']);
    const keys = puts.map((put) => put.Put.Item.SK);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(puts.map((put) => put.Put.Item.stored)).size).toBe(3);
    expect(puts[0]!.Put.Item).toMatchObject({ PK: `${TENANT}#XAPI`, statementId: all[0]!.id, SK: `${puts[0]!.Put.Item.stored}#${all[0]!.id}` });
    expect(puts[0]!.Put.Item.statement.stored).toBe(puts[0]!.Put.Item.stored);
  });
});

describe('GET /training/xapi/statements', () => {
  const list = (query: Record<string, string> = {}, caller: TestCaller = admin) =>
    call(handler, httpEvent({ routeKey: 'GET /training/xapi/statements', caller, query }));

  beforeEach(() => {
    table.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** Stored times never go backwards within a process: each test stores later than the tests before it. */
  function store(at: string, ...statements: ReturnType<typeof registeredStatement>[]) {
    vi.setSystemTime(new Date(at));
    for (const put of statementPuts(TENANT, statements, new Date(at))) table.put(put.Put.Item);
  }

  it('answers the LRS statements resource, newest first, paging with `more`', async () => {
    store('2026-04-01T08:00:00.000Z', registeredStatement(context, 'rule'));
    store('2026-04-02T08:00:00.000Z', experiencedStatement(context, { id: 'grundsaetze' }));
    store('2026-04-03T08:00:00.000Z', judgedStatement(context, 1, 100, true));

    const first = await list({ limit: '2' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-experience-api-version']).toBe('1.0.3');
    expect(first.body.statements.map((s: any) => s.verb.display['en-US'])).toEqual(['passed', 'experienced']);
    expect(first.body.more).toMatch(/^\/training\/xapi\/statements\?limit=2&cursor=/);

    const next = new URL(first.body.more, 'https://api.example');
    const second = await list(Object.fromEntries(next.searchParams));
    expect(second.body.statements.map((s: any) => s.verb.display['en-US'])).toEqual(['registered']);
    expect(second.body.more).toBe('');
  });

  it('filters by `since` (exclusive), verb and activity (with related activities), oldest first on request', async () => {
    store('2026-05-01T08:00:00.000Z', registeredStatement(context, 'rule'));
    store('2026-05-02T08:00:00.000Z', answeredStatement(context, 1, { questionId: 'q1', optionIds: ['a'], correct: true }));
    store('2026-05-03T08:00:00.000Z', judgedStatement(context, 1, 100, true), { ...registeredStatement({ ...context, courseId: 'e-akte' }, 'self') });

    const since = await list({ since: '2026-05-01T08:00:00.000Z', ascending: 'true' });
    expect(since.body.statements.map((s: any) => s.verb.display['en-US'])).toEqual(['answered', 'passed', 'registered']);

    const passed = await list({ verb: 'http://adlnet.gov/expapi/verbs/passed' });
    expect(passed.body.statements).toHaveLength(1);

    const course = `https://openkreis.de/training/${COURSE_ID}`;
    expect((await list({ activity: course })).body.statements).toHaveLength(2);
    expect((await list({ activity: course, related_activities: 'true' })).body.statements).toHaveLength(3);
  });

  it('is for tenant administrators only, and only for their own tenant', async () => {
    expect((await list({}, learner)).statusCode).toBe(403);
    const foreignCursor = Buffer.from(JSON.stringify({ PK: 'juechen#XAPI', SK: 'x' })).toString('base64url');
    expect((await list({ cursor: foreignCursor })).statusCode).toBe(400);
    expect((await list({ verb: 'passed' })).statusCode).toBe(400);
  });
});
