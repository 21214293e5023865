import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourseFolder } from '../../functions/training/content/load.ts';
import type { Course } from '../../functions/training/model.ts';
import { api, demoUser, platformUrl } from '../support/api-client.ts';
import { qrPayloadOf } from '../support/pdf.ts';

/**
 * The training module over HTTP, as an employee of Kaarst, its tenant admin and the county admin use it:
 * enrol → read → fail → pass → certificate verified; attempt limits; import, rules and reports; xAPI.
 */
const employee = demoUser('employee', 'kaarst');
const admin = demoUser('tenant-admin', 'kaarst');
const COURSE = 'open-data';
let course: Course;

function answers(correct: boolean): Record<string, string[]> {
  return Object.fromEntries(
    course.questions.map((question) => {
      const right = question.options.filter((option) => option.correct).map((option) => option.id);
      const wrong = question.options.find((option) => !option.correct)!.id;
      return [question.id, correct ? right : [wrong]];
    }),
  );
}

beforeAll(async () => {
  const folder = fileURLToPath(new URL(`../../training-content/${COURSE}/`, import.meta.url));
  const loaded = await loadCourseFolder(path.resolve(folder));
  expect(loaded.errors).toEqual([]);
  course = loaded.course!;
});

describe('learning: enrol → read → fail → pass → certificate', () => {
  it('lists the six county courses, and delivers quiz questions without their answers', async () => {
    const catalogue = await api('GET', '/training/courses', { as: employee });
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining(['e-akte-grundlagen', 'datenschutz-im-verwaltungsalltag', 'informationssicherheit-und-phishing', 'barrierefreie-dokumente', 'digitale-verwaltungsleistungen', 'open-data']),
    );
    const detail = await api('GET', `/training/courses/${COURSE}`, { as: employee });
    expect(detail.body.lessons).toHaveLength(course.lessons.length);
    expect(JSON.stringify(detail.body)).not.toMatch(/"correct"|"explanation"/);
  });

  it('completes the course the moment the quiz is passed with every lesson read, and the certificate verifies', async () => {
    expect([200, 201]).toContain((await api('POST', `/training/courses/${COURSE}/enrol`, { as: employee })).status);
    for (const lesson of course.lessons) {
      const read = await api('POST', `/training/courses/${COURSE}/lessons/${lesson.id}/read`, { as: employee });
      expect(read.status).toBe(200);
    }

    const first = await api('POST', `/training/courses/${COURSE}/attempts`, { as: employee });
    expect(first.status).toBe(201);
    expect(JSON.stringify(first.body.questions)).not.toMatch(/"correct"/);
    const failed = await api('POST', `/training/courses/${COURSE}/attempts/${first.body.attempt}/submit`, { as: employee, body: { answers: answers(false) } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ passed: false });
    expect(failed.body.scorePercent).toBeLessThan(course.passMark);
    // Submitted once: the same attempt again returns the first result, even with other answers.
    const again = await api('POST', `/training/courses/${COURSE}/attempts/${first.body.attempt}/submit`, { as: employee, body: { answers: answers(true) } });
    expect(again.body).toMatchObject({ passed: false, scorePercent: failed.body.scorePercent });

    const second = await api('POST', `/training/courses/${COURSE}/attempts`, { as: employee });
    const passed = await api('POST', `/training/courses/${COURSE}/attempts/${second.body.attempt}/submit`, { as: employee, body: { answers: answers(true) } });
    expect(passed.body).toMatchObject({ passed: true, scorePercent: 100 });
    expect(passed.body.certificate).toBeDefined();

    const me = await api('GET', '/training/me', { as: employee });
    const cycle = me.body.enrolments.find((enrolment: { courseId: string }) => enrolment.courseId === COURSE);
    expect(cycle.status).toBe('done');
    const certificate = me.body.certificates.find((c: { courseId: string }) => c.courseId === COURSE);
    expect(certificate).toMatchObject({ courseVersion: course.version, status: 'valid' });

    const download = await api('GET', `/training/certificates/${certificate.certificateId}`, { as: employee });
    expect(download.status).toBe(200);
    const pdf = new Uint8Array(await (await fetch(download.body.url)).arrayBuffer());
    const verifyUrl = await qrPayloadOf(pdf);
    expect(verifyUrl).toMatch(new RegExp(`^${platformUrl()}/verify/`));
    const verified = await (await fetch(verifyUrl!, { headers: { accept: 'application/json' } })).json();
    expect(verified).toMatchObject({ status: 'valid' });
    expect(JSON.stringify(verified)).not.toMatch(/Beschäftigter|employee@/);

    // Another employee cannot download it.
    expect((await api('GET', `/training/certificates/${certificate.certificateId}`, { as: demoUser('caseworker', 'kaarst') })).status).toBe(404);
  });

  it('enforces the attempt limit with a 422 in German', async () => {
    const other = 'e-akte-grundlagen';
    await api('POST', `/training/courses/${other}/enrol`, { as: employee });
    const wrong = async () => {
      const started = await api('POST', `/training/courses/${other}/attempts`, { as: employee });
      if (started.status !== 201) return started;
      const quiz = started.body.questions as Array<{ id: string; options: Array<{ id: string }> }>;
      const chosen = Object.fromEntries(quiz.map((q) => [q.id, [q.options[0]!.id]]));
      await api('POST', `/training/courses/${other}/attempts/${started.body.attempt}/submit`, { as: employee, body: { answers: chosen } });
      return started;
    };
    const responses = [];
    for (let i = 0; i < 4; i += 1) responses.push(await wrong());
    const refused = responses.find((r) => r.status === 422);
    expect(refused?.body.detail).toMatch(/Versuch/);
  });

  it('rejects an answer to an unknown question with 422', async () => {
    await api('POST', '/training/courses/datenschutz-im-verwaltungsalltag/enrol', { as: employee });
    const started = await api('POST', '/training/courses/datenschutz-im-verwaltungsalltag/attempts', { as: employee });
    const response = await api('POST', `/training/courses/datenschutz-im-verwaltungsalltag/attempts/${started.body.attempt}/submit`, {
      as: employee,
      body: { answers: { 'gibt-es-nicht': ['a'] } },
    });
    expect(response.status).toBe(422);
  });
});

describe('administration: import, rules, reports, xAPI', () => {
  it('imports nothing when one CSV row is bad, and everything when all are good', async () => {
    const bad = 'name;email;department;role;startDate\nAnna Arndt;anna.arndt@kaarst.openkreis.test;Bürgerbüro;Sachbearbeitung;2026-01-05\nBernd Bad;keine-mail;Bürgerbüro;Sachbearbeitung;05.01.2026\n';
    const refused = await api('POST', '/training/employees/import', { as: admin, body: { csv: bad } });
    expect(refused.status).toBe(422);
    expect(refused.body.rows).toEqual([expect.objectContaining({ row: 3 })]);
    const listed = await api('GET', '/training/employees?limit=100', { as: admin });
    expect(JSON.stringify(listed.body)).not.toContain('anna.arndt@');

    const good = bad.replace('keine-mail', 'bernd.bauer@kaarst.openkreis.test').replace('Bernd Bad', 'Bernd Bauer');
    const imported = await api('POST', '/training/employees/import', { as: admin, body: { csv: good } });
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toBe(2);
  });

  it('assigns a course by rule to a department and reports compliance without quiz details', async () => {
    const rule = await api('POST', '/training/rules', { as: admin, body: { courseId: 'informationssicherheit-und-phishing', department: 'Bürgerbüro', dueDays: 30, relativeTo: 'assignment' } });
    expect([200, 201]).toContain(rule.status);
    const report = await api('GET', '/training/reports/compliance', { as: admin });
    expect(report.status).toBe(200);
    const row = JSON.stringify(report.body);
    expect(row).toContain('informationssicherheit-und-phishing');
    expect(row).not.toMatch(/scorePercent|answers|attempt/i);
    const csv = await api('GET', '/training/reports/compliance?format=csv', { as: admin });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body)).toContain('Kurs;Abteilung;Zugewiesen;Abgeschlossen;Überfällig;Quote');
  });

  it('gives the county aggregates per municipality only — never employees', async () => {
    const report = await api('GET', '/training/reports/county', { as: demoUser('county-admin', 'rhein-kreis-neuss') });
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).not.toMatch(/@|Beschäftigter|Bauer|Arndt/);
    expect((await api('GET', '/training/reports/county', { as: admin })).status).toBe(403);
  });

  it('records xAPI statements with a pseudonymous actor and cmi5-style results', async () => {
    const response = await api('GET', '/training/xapi/statements?limit=200', { as: admin });
    expect(response.status).toBe(200);
    const statements = response.body.statements as Array<any>;
    const verbs = new Set(statements.map((s) => s.verb.id.split('/').pop()));
    for (const verb of ['registered', 'experienced', 'attempted', 'answered', 'failed', 'passed', 'completed']) expect(verbs).toContain(verb);
    expect(JSON.stringify(statements)).not.toMatch(/@openkreis|Beschäftigter/);
    const passed = statements.find((s) => s.verb.id.endsWith('/passed'));
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1 } });
    expect(passed.result.completion).toBeUndefined();
    expect(passed.actor.account.homePage).toBe('https://openkreis.de/kaarst');
  });
});

describe('hardening: the import as text/csv, no hint of other tenants, granted attempts, one compliance', () => {
  const HEADER = 'name;email;department;role;startDate';

  it('imports a raw CSV file sent as text/csv', async () => {
    const csv = `${HEADER}\r\nCarla Csv;carla.csv@kaarst.openkreis.test;Bürgerbüro;Sachbearbeitung;01.02.2026\r\n`;
    const imported = await api('POST', '/training/employees/import', { as: admin, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(imported.status).toBe(200);
    expect(imported.body.rows).toEqual([expect.objectContaining({ email: 'carla.csv@kaarst.openkreis.test', outcome: 'created', account: 'invited' })]);
    const latin1 = await api('POST', '/training/employees/import', { as: admin, rawBody: csv, headers: { 'content-type': 'text/csv; charset=windows-1252' } });
    expect(latin1.status).toBe(415);
  });

  it('answers an address of another municipality and one of the county alike, without naming either', async () => {
    const row = (email: string) => `${HEADER}\nIrgendwer;${email};Bauamt;Technik;2026-01-01\n`;
    const municipality = await api('POST', '/training/employees/import', { as: admin, body: { csv: row(demoUser('employee', 'juechen')) } });
    const county = await api('POST', '/training/employees/import', { as: admin, body: { csv: row(demoUser('employee', 'rhein-kreis-neuss')) } });
    expect(municipality.status).toBe(422);
    const neutral = (body: any) => ({ ...body, requestId: 'x', rows: body.rows.map((r: any) => ({ ...r, email: 'x' })) });
    expect(neutral(county.body)).toEqual(neutral(municipality.body));
    expect(municipality.body.rows[0].errors).toEqual([{ column: 'email', message: 'Diese E-Mail-Adresse kann nicht übernommen werden. Bitte prüfen Sie die Adresse oder wenden Sie sich an den Kreis.' }]);
    // Only the address as sent comes back; nothing names the tenant it belongs to.
    expect(JSON.stringify(neutral(municipality.body))).not.toMatch(/juechen|Jüchen|außerhalb|anderen/);
  });

  it('lets the administration grant a locked-out employee further attempts in an assigned course', async () => {
    // The employee used up every attempt of e-akte-grundlagen above; a rule now makes the course mandatory.
    const rule = await api('POST', '/training/rules', { as: admin, body: { courseId: 'e-akte-grundlagen', department: 'Hauptamt', dueDays: 30, relativeTo: 'assignment' } });
    expect([200, 201]).toContain(rule.status);
    expect((await api('POST', '/training/courses/e-akte-grundlagen/attempts', { as: employee })).status).toBe(422);

    const staff = await api('GET', '/training/employees?limit=100', { as: admin });
    const person = staff.body.items.find((item: { email: string }) => item.email === employee);
    const path = `/training/employees/${person.employeeId}/courses/e-akte-grundlagen/attempts`;
    const granted = await api('POST', path, { as: admin, body: { additional: 1, reason: 'Nach Rücksprache mit der Fortbildungsverwaltung.' } });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ attemptsGranted: 1, attemptGrants: [expect.objectContaining({ additional: 1, grantedAt: expect.any(String) })] });

    const started = await api('POST', '/training/courses/e-akte-grundlagen/attempts', { as: employee });
    expect(started.status).toBe(201);
    const me = await api('GET', '/training/me', { as: employee });
    const cycle = me.body.enrolments.find((e: { courseId: string }) => e.courseId === 'e-akte-grundlagen');
    expect(cycle.progress).toMatchObject({ attemptsGranted: 1, attemptsAllowed: started.body.attemptsAllowed });

    const listed = await api('GET', '/training/employees?limit=100', { as: admin });
    const courses = listed.body.items.find((item: { email: string }) => item.email === employee).compliance.courses;
    expect(courses.find((c: { courseId: string }) => c.courseId === 'e-akte-grundlagen').attemptGrants).toHaveLength(1);
    expect((await api('POST', path, { as: employee, body: { additional: 1, reason: 'Ich gewähre mir selbst etwas.' } })).status).toBe(403);
  });

  it('counts a course completed before a rule assigned it as done, in the list and in the report alike', async () => {
    // The employee completed open-data of their own accord in the first tests; now it becomes mandatory.
    const rule = await api('POST', '/training/rules', { as: admin, body: { courseId: COURSE, department: 'Hauptamt', dueDays: 14, relativeTo: 'assignment' } });
    expect([200, 201]).toContain(rule.status);
    const listed = await api('GET', '/training/employees?limit=100', { as: admin });
    const person = listed.body.items.find((item: { email: string }) => item.email === employee);
    expect(person.compliance.courses).toContainEqual({ courseId: COURSE, status: 'done' });
    const hauptamt = listed.body.items.filter((item: { department: string }) => item.department === 'Hauptamt');
    const statuses = hauptamt.flatMap((item: any) => item.compliance.courses.filter((c: { courseId: string }) => c.courseId === COURSE).map((c: { status: string }) => c.status));

    const report = await api('GET', '/training/reports/compliance', { as: admin, headers: { accept: 'application/json' } });
    const row = report.body.items.find((r: { courseId: string; department: string }) => r.courseId === COURSE && r.department === 'Hauptamt');
    expect(row).toMatchObject({ assigned: statuses.length, completed: statuses.filter((s: string) => s === 'done').length, overdue: 0 });

    const csv = await api('GET', '/training/reports/compliance', { as: admin, headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(String(csv.body)).toContain(`${COURSE};Hauptamt;${row.assigned};${row.completed};0;`);
  });
});
