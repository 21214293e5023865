import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import { Conflict, Unprocessable } from '#core/problem';
import { currentCourse } from './catalog.ts';
import { employeesMatching } from './employees/store.ts';
import { applyRules } from './rules/apply.ts';
import { createRuleSchema, newRule, sameSettings, sameTarget } from './rules/domain.ts';
import { listRules, putRule } from './rules/store.ts';
import { ruleAppliedSchema } from './admin-views.ts';

/**
 * POST /training/rules — an assignment rule: a course becomes mandatory for a department, a job role, both, or (with
 * neither) all staff of the tenant, due within `dueDays`. The rule is applied at once to every matching employee and
 * from then on to everybody an import adds or changes.
 *
 * Sending the same rule again (same course, group and deadline) does not create a second one: it applies the existing
 * rule again, which assigns only what is missing — the way to finish an application that failed half-way. A rule for
 * the same course and group with another deadline is a conflict: delete the old one first.
 */
export const handler = httpHandler({ body: createRuleSchema, responses: { 200: ruleAppliedSchema, 201: ruleAppliedSchema } }, async ({ body, caller }) => {
  const { tenantId } = caller;
  const db = tableFor(tenantId);
  const course = await currentCourse(db, tenantId, body.courseId);
  if (!course) {
    throw new Unprocessable(`Den Kurs „${body.courseId}“ gibt es für Ihre Verwaltung nicht.`, [
      { field: 'body/courseId', message: 'Unbekannter Kurs.' },
    ]);
  }
  const now = new Date();
  const candidate = newRule(body, { ruleId: randomUUID(), tenantId, by: caller.userId, now });
  const existing = (await listRules(db, tenantId)).find((rule) => sameTarget(rule, candidate));
  if (existing && !sameSettings(existing, candidate)) {
    throw new Conflict(
      `Für diesen Kurs und diese Gruppe gibt es bereits die Regel ${existing.ruleId} (Frist ${existing.dueDays} Tage). Bitte löschen Sie sie zuerst.`,
    );
  }
  const rule = existing ?? candidate;
  if (!existing) await putRule(db, rule);

  const employees = await employeesMatching(db, tenantId, {
    ...(rule.department !== undefined ? { department: rule.department } : {}),
    ...(rule.jobRole !== undefined ? { jobRole: rule.jobRole } : {}),
  });
  const applied = await applyRules(db, { tenantId, rules: [rule], employees, now, courses: new Map([[course.id, course]]) });
  return json(
    existing ? 200 : 201,
    { rule, matched: employees.length, assigned: applied.assigned, alreadyAssigned: applied.existing },
    { location: `/training/rules/${rule.ruleId}` },
  );
});
