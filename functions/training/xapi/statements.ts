/**
 * xAPI 1.0.3 statements of the learning flow — pure builders.
 *
 * - The actor is pseudonymous from the start: an account on `https://openkreis.de/<tenantId>` named with the
 *   employee's random pseudonym. Statements are immutable (only voidable), so a name or e-mail that slipped in could
 *   never be taken out again; `Agent` here has no `name`, `mbox` or `openid` by construction.
 * - cmi5 habits: `passed`/`failed` carry `result.score.scaled` and `result.success` and never `result.completion`;
 *   `completed` carries `completion: true` and no success. At most one `passed` per registration (enforced by the
 *   enrolment store: the pass is recorded once per cycle).
 * - `context.registration` is the cycle's random registration UUID; answers and lessons name the course as parent.
 */
import { randomUUID } from 'node:crypto';

export const XAPI_VERSION = '1.0.3';
export const ACTIVITY_BASE = 'https://openkreis.de/training';
export const COURSE_VERSION_EXTENSION = 'https://openkreis.de/xapi/extensions/course-version';
export const ATTEMPT_EXTENSION = 'https://openkreis.de/xapi/extensions/attempt';
export const ORIGIN_EXTENSION = 'https://openkreis.de/xapi/extensions/enrolment-origin';

export const VERBS = {
  registered: { id: 'http://adlnet.gov/expapi/verbs/registered', display: { 'de-DE': 'angemeldet', 'en-US': 'registered' } },
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'de-DE': 'gelesen', 'en-US': 'experienced' } },
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'de-DE': 'Versuch begonnen', 'en-US': 'attempted' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'de-DE': 'beantwortet', 'en-US': 'answered' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'de-DE': 'bestanden', 'en-US': 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'de-DE': 'nicht bestanden', 'en-US': 'failed' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'de-DE': 'abgeschlossen', 'en-US': 'completed' } },
} as const;

export type VerbName = keyof typeof VERBS;

const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

export interface XapiAgent {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: {
    name?: Record<string, string>;
    type?: string;
    interactionType?: 'choice';
  };
}

export interface XapiResult {
  score?: { scaled: number; raw: number; min: number; max: number };
  success?: boolean;
  completion?: boolean;
  response?: string;
}

export interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: Record<string, string> };
  object: XapiActivity;
  result?: XapiResult;
  context: {
    registration: string;
    language: 'de-DE';
    contextActivities?: { parent: XapiActivity[] };
    extensions: Record<string, string | number>;
  };
  timestamp: string;
  stored: string;
  authority: XapiAgent;
  version: typeof XAPI_VERSION;
}

export const courseActivityId = (courseId: string) => `${ACTIVITY_BASE}/${encodeURIComponent(courseId)}`;
export const lessonActivityId = (courseId: string, lessonId: string) => `${courseActivityId(courseId)}/lessons/${encodeURIComponent(lessonId)}`;
export const questionActivityId = (courseId: string, questionId: string) => `${courseActivityId(courseId)}/quiz/${encodeURIComponent(questionId)}`;

/** The pseudonymous actor: never the name or e-mail address (those stay in the employee profile). */
export function actorFor(tenantId: string, pseudonym: string): XapiAgent {
  return { objectType: 'Agent', account: { homePage: `https://openkreis.de/${tenantId}`, name: pseudonym } };
}

/** Who vouches for the statements: OpenKreis as the learning platform of the tenant. */
export function authorityFor(tenantId: string): XapiAgent {
  return { objectType: 'Agent', account: { homePage: `https://openkreis.de/${tenantId}`, name: 'openkreis-lms' } };
}

/** What every statement of a cycle shares. */
export interface StatementContext {
  tenantId: string;
  pseudonym: string;
  courseId: string;
  courseTitle?: string | undefined;
  courseVersion: number;
  registration: string;
  /** When it happened. */
  timestamp: Date;
}

function courseActivity(ctx: StatementContext): XapiActivity {
  return {
    objectType: 'Activity',
    id: courseActivityId(ctx.courseId),
    definition: { type: ACTIVITY_TYPES.course, ...(ctx.courseTitle ? { name: { 'de-DE': ctx.courseTitle } } : {}) },
  };
}

function statement(ctx: StatementContext, verb: VerbName, object: XapiActivity, extra: { result?: XapiResult; parent?: boolean; extensions?: Record<string, string | number> } = {}): XapiStatement {
  const at = ctx.timestamp.toISOString();
  return {
    id: randomUUID(),
    actor: actorFor(ctx.tenantId, ctx.pseudonym),
    verb: VERBS[verb],
    object,
    ...(extra.result ? { result: extra.result } : {}),
    context: {
      registration: ctx.registration,
      language: 'de-DE',
      ...(extra.parent ? { contextActivities: { parent: [{ objectType: 'Activity', id: courseActivityId(ctx.courseId) }] } } : {}),
      extensions: { [COURSE_VERSION_EXTENSION]: ctx.courseVersion, ...extra.extensions },
    },
    timestamp: at,
    // Replaced by the store with the time it stores the statement.
    stored: at,
    authority: authorityFor(ctx.tenantId),
    version: XAPI_VERSION,
  };
}

export function registeredStatement(ctx: StatementContext, origin: string): XapiStatement {
  return statement(ctx, 'registered', courseActivity(ctx), { extensions: { [ORIGIN_EXTENSION]: origin } });
}

export function experiencedStatement(ctx: StatementContext, lesson: { id: string; title?: string }): XapiStatement {
  return statement(
    ctx,
    'experienced',
    { objectType: 'Activity', id: lessonActivityId(ctx.courseId, lesson.id), definition: { type: ACTIVITY_TYPES.lesson, ...(lesson.title ? { name: { 'de-DE': lesson.title } } : {}) } },
    { parent: true },
  );
}

export function attemptedStatement(ctx: StatementContext, attempt: number): XapiStatement {
  return statement(ctx, 'attempted', courseActivity(ctx), { extensions: { [ATTEMPT_EXTENSION]: attempt } });
}

/** One question of an attempt: the chosen option ids (xAPI `choice` response form `a[,]b`) and whether it was right. */
export function answeredStatement(ctx: StatementContext, attempt: number, answer: { questionId: string; optionIds: readonly string[]; correct: boolean }): XapiStatement {
  return statement(
    ctx,
    'answered',
    { objectType: 'Activity', id: questionActivityId(ctx.courseId, answer.questionId), definition: { type: ACTIVITY_TYPES.question, interactionType: 'choice' } },
    { result: { success: answer.correct, response: answer.optionIds.join('[,]') }, parent: true, extensions: { [ATTEMPT_EXTENSION]: attempt } },
  );
}

/** cmi5-style `passed`/`failed`: score (scaled 0..1) and success, never completion. */
export function judgedStatement(ctx: StatementContext, attempt: number, scorePercent: number, passed: boolean): XapiStatement {
  const raw = Math.round(scorePercent * 100) / 100;
  return statement(ctx, passed ? 'passed' : 'failed', courseActivity(ctx), {
    result: { score: { scaled: Math.round(raw * 100) / 10_000, raw, min: 0, max: 100 }, success: passed },
    extensions: { [ATTEMPT_EXTENSION]: attempt },
  });
}

export function completedStatement(ctx: StatementContext): XapiStatement {
  return statement(ctx, 'completed', courseActivity(ctx), { result: { completion: true } });
}

/** The activity ids a statement is about: its object and its parents (for the `related_activities` filter). */
export function relatedActivities(statement: XapiStatement): string[] {
  return [statement.object.id, ...(statement.context.contextActivities?.parent.map((parent) => parent.id) ?? [])];
}
