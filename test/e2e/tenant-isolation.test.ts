import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../functions/core/roles.ts';
import { routes, routeKey, type Route } from '../../functions/routes.ts';
import { api, demoUser, eventually, checkoutPath } from '../support/api-client.ts';
import { allRight, tenantCourse } from '../support/tenant-course.ts';

/**
 * Walks the whole route table. Tenant A is Neuss, tenant B is Jüchen.
 * - every role a route does not allow gets 403;
 * - every route that reaches a tenant's resources is called by A against B's and gets 404 — never B's data — and B's
 *   data is unchanged afterwards.
 * A new route must be added to `foreignAccess` (or to `noTenantResource`) or this test fails.
 */
/** A well-formed id of a step that does not exist: the route must refuse at B's application before looking for it. */
const ZERO_UUID = '00000000-0000-4000-8000-000000000000';
const A = 'neuss';
const B = 'juechen';

interface ForeignAttempt {
  as: string;
  path: string;
  body?: unknown;
}

/** Tenant B's resources, created over HTTP before the tests: a completed permit application of Jüchen. */
interface TenantBFixtures {
  applicationId: string;
  documentId: string;
  permitId: string;
  /** Jüchen's own (private) course, a rule and a certificate of a Jüchen employee (and the employee's id). */
  courseId: string;
  employeeId: string;
  ruleId: string;
  certificateId: string;
  /** A Baulast in Jüchen's Baulastenverzeichnis. */
  sheetId: string;
}
let fixtures: TenantBFixtures;

const foreignAccess: Record<string, (b: TenantBFixtures) => ForeignAttempt[]> = {
  'GET /tenants/{id}': () => [{ as: demoUser('tenant-admin', A), path: `/tenants/${B}` }],
  'PATCH /tenants/{id}/config': () => [{ as: demoUser('tenant-admin', A), path: `/tenants/${B}/config`, body: { caseNumberPrefix: 'XX' } }],
  // B's handover agreements: A can neither read them nor accept or withdraw a handover in B's name (see also
  // handover-agreements.test.ts, which tries every tenant and the county).
  'GET /tenants/{id}/handover-agreements': () => [{ as: demoUser('tenant-admin', A), path: `/tenants/${B}/handover-agreements` }],
  'PUT /tenants/{id}/handover-agreements/{service}/{task}/{from}': () => [
    { as: demoUser('tenant-admin', A), path: `/tenants/${B}/handover-agreements/address-change/vehicle-registration-update/${A}`, body: {} },
    { as: demoUser('county-admin', 'rhein-kreis-neuss'), path: `/tenants/${B}/handover-agreements/address-change/vehicle-registration-update/${A}`, body: {} },
  ],
  'DELETE /tenants/{id}/handover-agreements/{service}/{task}/{from}': () => [
    { as: demoUser('tenant-admin', A), path: `/tenants/rhein-kreis-neuss/handover-agreements/address-change/vehicle-registration-update/${B}` },
  ],
  'GET /applications/{id}': (b) => [
    { as: demoUser('citizen', A), path: `/applications/${b.applicationId}` },
    { as: demoUser('caseworker', A), path: `/applications/${b.applicationId}` },
  ],
  'POST /applications/{id}/withdraw': (b) => [{ as: demoUser('citizen', A), path: `/applications/${b.applicationId}/withdraw` }],
  'POST /applications/{id}/payment': (b) => [
    { as: demoUser('citizen', A), path: `/applications/${b.applicationId}/payment` },
    { as: demoUser('business', A), path: `/applications/${b.applicationId}/payment` },
  ],
  // Back from the pay page: A's applicant cannot make the platform ask about (or complete) B's payment.
  'POST /applications/{id}/payment/check': (b) => [
    { as: demoUser('citizen', A), path: `/applications/${b.applicationId}/payment/check` },
    { as: demoUser('business', A), path: `/applications/${b.applicationId}/payment/check` },
  ],
  'POST /applications/{id}/decision': (b) => [
    { as: demoUser('caseworker', A), path: `/applications/${b.applicationId}/decision`, body: { outcome: 'reject', reason: 'Fremder Mandant versucht es' } },
  ],
  // Hearings and requests for documents: A's caseworker cannot write to B's application, A's citizen not answer for it.
  'POST /applications/{id}/steps': (b) => [
    { as: demoUser('caseworker', A), path: `/applications/${b.applicationId}/steps`, body: { kind: 'hearing', intendedDecision: 'reject', message: 'Fremder Mandant versucht eine Anhörung.' } },
  ],
  'POST /applications/{id}/steps/{stepId}/answer': (b) => [
    { as: demoUser('citizen', A), path: `/applications/${b.applicationId}/steps/${ZERO_UUID}/answer`, body: { text: 'Fremder Mandant antwortet.' } },
    { as: demoUser('business', A), path: `/applications/${b.applicationId}/steps/${ZERO_UUID}/answer`, body: { text: 'Fremder Mandant antwortet.' } },
  ],
  'GET /applications/{id}/documents/{documentId}': (b) => [
    { as: demoUser('citizen', A), path: `/applications/${b.applicationId}/documents/${b.documentId}` },
    { as: demoUser('caseworker', A), path: `/applications/${b.applicationId}/documents/${b.documentId}` },
  ],
  // Legal holds: A's caseworker and DPO cannot hold or release B's case.
  'PUT /applications/{id}/legal-hold': (b) => [
    { as: demoUser('caseworker', A), path: `/applications/${b.applicationId}/legal-hold`, body: { reason: 'Fremder Mandant versucht es' } },
    { as: demoUser('data-protection-officer', A), path: `/applications/${b.applicationId}/legal-hold`, body: { reason: 'Fremder Mandant versucht es' } },
  ],
  'DELETE /applications/{id}/legal-hold': (b) => [{ as: demoUser('caseworker', A), path: `/applications/${b.applicationId}/legal-hold` }],
  // Exports and erasure requests are keyed by the token's tenant: an id of another tenant is "not found" (privacy.test.ts
  // tries real ones of another tenant; a well-formed unknown id stands in here).
  'GET /privacy/exports/{id}/{format}': () => [{ as: demoUser('citizen', A), path: `/privacy/exports/${ZERO_UUID}/pdf` }],
  'GET /privacy/erasure-requests/{id}': () => [{ as: demoUser('data-protection-officer', A), path: `/privacy/erasure-requests/${ZERO_UUID}` }],
  'POST /privacy/erasure-requests/{id}/decision': () => [
    { as: demoUser('data-protection-officer', A), path: `/privacy/erasure-requests/${ZERO_UUID}/decision`, body: { answer: 'Fremder Mandant entscheidet.' } },
  ],
  'POST /permits/{id}/revoke': (b) => [{ as: demoUser('caseworker', A), path: `/permits/${b.permitId}/revoke`, body: { reason: 'Fremder Mandant versucht es', hearingDispensation: 'Fremder Mandant meint, eine Anhörung sei entbehrlich.' } }],
  // The revocation procedure: A's caseworker can neither send B's holder a hearing letter nor drop B's procedure.
  'POST /permits/{id}/revocation': (b) => [{ as: demoUser('caseworker', A), path: `/permits/${b.permitId}/revocation`, body: { message: 'Fremder Mandant beabsichtigt einen Widerruf dieses Ausweises.' } }],
  'POST /permits/{id}/revocation/drop': (b) => [{ as: demoUser('caseworker', A), path: `/permits/${b.permitId}/revocation/drop`, body: { reason: 'Fremder Mandant stellt das Verfahren ein.' } }],
  'GET /permits/{id}/renewal': (b) => [{ as: demoUser('citizen', A), path: `/permits/${b.permitId}/renewal` }],
  'GET /address-change/{id}/status': (b) => [
    { as: demoUser('citizen', A), path: `/address-change/${b.applicationId}/status` },
    { as: demoUser('caseworker', A), path: `/address-change/${b.applicationId}/status` },
  ],
  // B's application is a permit, not a move: the route must still answer "not found" before reading anything of B.
  'POST /address-change/{id}/handovers/{handoverId}/zb1-number': (b) => [
    { as: demoUser('citizen', A), path: `/address-change/${b.applicationId}/handovers/AAAAAAAAAAAAAAAAAAAAAA/zb1-number`, body: { zb1Number: 'AB1234567' } },
  ],
  'GET /training/courses/{id}': (b) => [{ as: demoUser('employee', A), path: `/training/courses/${b.courseId}` }],
  // B's own course is not in A's catalogue: the learner view of it is "not found", exactly like a course that does not exist.
  'GET /training/me/courses/{id}': (b) => [{ as: demoUser('employee', A), path: `/training/me/courses/${b.courseId}` }],
  'POST /training/courses/{id}/enrol': (b) => [{ as: demoUser('employee', A), path: `/training/courses/${b.courseId}/enrol` }],
  'POST /training/courses/{id}/lessons/{lessonId}/read': (b) => [{ as: demoUser('employee', A), path: `/training/courses/${b.courseId}/lessons/lektion-1/read` }],
  'POST /training/courses/{id}/attempts': (b) => [{ as: demoUser('employee', A), path: `/training/courses/${b.courseId}/attempts` }],
  'POST /training/courses/{id}/attempts/{attempt}/submit': (b) => [
    { as: demoUser('employee', A), path: `/training/courses/${b.courseId}/attempts/1/submit`, body: { answers: allRight } },
  ],
  'GET /training/certificates/{id}': (b) => [
    { as: demoUser('employee', A), path: `/training/certificates/${b.certificateId}` },
    { as: demoUser('tenant-admin', A), path: `/training/certificates/${b.certificateId}` },
  ],
  'DELETE /training/rules/{id}': (b) => [{ as: demoUser('tenant-admin', A), path: `/training/rules/${b.ruleId}` }],
  'GET /training/employees/{id}': (b) => [{ as: demoUser('tenant-admin', A), path: `/training/employees/${b.employeeId}` }],
  'POST /training/employees/{id}/deactivate': (b) => [{ as: demoUser('tenant-admin', A), path: `/training/employees/${b.employeeId}/deactivate` }],
  'POST /training/employees/{id}/reactivate': (b) => [{ as: demoUser('tenant-admin', A), path: `/training/employees/${b.employeeId}/reactivate` }],
  'POST /training/employees/{id}/courses/{courseId}/attempts': (b) => [
    { as: demoUser('tenant-admin', A), path: `/training/employees/${b.employeeId}/courses/${b.courseId}/attempts`, body: { additional: 1, reason: 'Fremder Mandant versucht es' } },
  ],
  'POST /business/deliveries': (b) => [
    { as: demoUser('caseworker', A), path: '/business/deliveries', body: { applicationId: b.applicationId, recipientId: 'zoll', note: 'Hinweise auf Schwarzarbeit' } },
  ],
  // No business delivery of tenant B exists in the fixtures yet: B's permit id (same id format) stands in.
  'POST /business/deliveries/{id}/resend': (b) => [{ as: demoUser('caseworker', A), path: `/business/deliveries/${b.permitId}/resend`, body: {} }],
  // B's trade register: A's caseworker gets "not found" for a Betriebs-ID of B (B's application id stands in: the
  // read is keyed by A's tenant, so no id of B can reach B's entry); trade-register.test.ts uses a real business of B.
  'GET /business/register/{businessId}': (b) => [{ as: demoUser('caseworker', A), path: `/business/register/${b.applicationId}` }],
  'GET /business/relocations/{id}': (b) => [
    { as: demoUser('business', A), path: `/business/relocations/${b.applicationId}` },
    { as: demoUser('caseworker', A), path: `/business/relocations/${b.applicationId}` },
  ],
  'GET /baulasten/sheets/{id}': (b) => [{ as: demoUser('caseworker', A), path: `/baulasten/sheets/${b.sheetId}` }],
  'POST /baulasten/sheets/{id}/versions': (b) => [
    { as: demoUser('caseworker', A), path: `/baulasten/sheets/${b.sheetId}/versions`, body: { basedOnVersion: 1, note: 'Fremder Mandant versucht es', changes: { content: 'Fremder Inhalt' } } },
  ],
  'POST /baulasten/sheets/{id}/delete': (b) => [{ as: demoUser('caseworker', A), path: `/baulasten/sheets/${b.sheetId}/delete`, body: { reason: 'Fremder Mandant versucht es' } }],
  'GET /baulasten/sheets/{id}/versions/{version}/file': (b) => [
    { as: demoUser('caseworker', A), path: `/baulasten/sheets/${b.sheetId}/versions/1/file?reason=${encodeURIComponent('Fremder Mandant versucht es')}` },
  ],
  'GET /baulasten/sheets/{id}/access-log': (b) => [
    { as: demoUser('caseworker', A), path: `/baulasten/sheets/${b.sheetId}/access-log` },
    { as: demoUser('tenant-admin', A), path: `/baulasten/sheets/${b.sheetId}/access-log` },
  ],
};

/** Everything of tenant B that the attempts could change. */
async function snapshotOfB(b: TenantBFixtures) {
  const [tenant, application, permit, rules, training, sheet, agreements, staff] = await Promise.all([
    api('GET', `/tenants/${B}`, { as: demoUser('tenant-admin', B) }),
    api('GET', `/applications/${b.applicationId}`, { as: demoUser('caseworker', B) }),
    api('GET', '/permits/check?plate=JU-IS 77&zone=JU-1', { as: demoUser('caseworker', B) }),
    api('GET', '/training/rules', { as: demoUser('tenant-admin', B) }),
    api('GET', '/training/me', { as: demoUser('employee', B) }),
    api('GET', `/baulasten/sheets/${b.sheetId}`, { as: demoUser('caseworker', B) }),
    // Also shows the county's acceptance of B's handovers (`acceptedBy`), which the DELETE attempt aims at.
    api('GET', `/tenants/${B}/handover-agreements`, { as: demoUser('tenant-admin', B) }),
    // B's employee, with whether it is deactivated (what the deactivate and reactivate attempts aim at).
    api('GET', `/training/employees/${b.employeeId}`, { as: demoUser('tenant-admin', B) }),
  ]);
  return {
    config: tenant.body.config,
    configVersion: tenant.body.configVersion,
    status: application.body.status,
    version: application.body.version,
    permit: permit.body,
    rules: rules.body,
    training: training.body,
    sheet: sheet.body,
    agreements: agreements.body,
    staff: staff.body,
  };
}

beforeAll(async () => {
  const citizenB = demoUser('citizen', B);
  const submitted = await api('POST', '/applications', {
    as: citizenB,
    headers: { 'idempotency-key': `isolation-${Date.now()}` },
    body: {
      serviceId: 'resident-parking',
      form: {
        applicant: { givenName: 'Jana', familyName: 'Jüchen' },
        residence: { street: 'Markt', houseNumber: '7', postcode: '41363', city: 'Jüchen' },
        registeredAtAddressSince: '2019-05-01',
        plate: 'JU-IS 77',
        vehicle: { relation: 'keeper', weightKg: 1300 },
        zoneId: 'JU-1',
        validityMonths: 6,
        consent: true,
      },
    },
  });
  expect(submitted.status).toBe(201);
  const awaiting = await eventually(async () => {
    const body = (await api('GET', `/applications/${submitted.body.applicationId}`, { as: citizenB })).body;
    return body.status === 'awaiting-payment' ? body : undefined;
  });
  await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } });
  const done = await eventually(async () => {
    const body = (await api('GET', `/applications/${submitted.body.applicationId}`, { as: citizenB })).body;
    return body.status === 'completed' ? body : undefined;
  });
  const check = await api('GET', '/permits/check?plate=JU-IS 77&zone=JU-1', { as: demoUser('caseworker', B) });
  const training = await trainingFixtures();
  fixtures = {
    applicationId: done.applicationId,
    documentId: done.documents.find((d: { kind: string }) => d.kind === 'permit').documentId,
    permitId: check.body.permitId,
    ...training,
    sheetId: await baulastFixture(),
  };
  expect(fixtures.permitId).toEqual(expect.any(String));
}, 60_000);

/** Jüchen publishes its own course, assigns it by rule, and an employee completes it (certificate). */
async function trainingFixtures(): Promise<Pick<TenantBFixtures, 'courseId' | 'employeeId' | 'ruleId' | 'certificateId'>> {
  const adminB = demoUser('tenant-admin', B);
  const employeeB = demoUser('employee', B);
  const courseId = 'juechen-posteingang';
  expect((await api('POST', '/training/courses', { as: adminB, body: tenantCourse(courseId) })).status).toBe(201);
  const rule = await api('POST', '/training/rules', { as: adminB, body: { courseId, dueDays: 14, relativeTo: 'assignment' } });
  expect([200, 201]).toContain(rule.status);
  await api('POST', `/training/courses/${courseId}/enrol`, { as: employeeB });
  for (const lesson of ['lektion-1', 'lektion-2', 'lektion-3']) await api('POST', `/training/courses/${courseId}/lessons/${lesson}/read`, { as: employeeB });
  const attempt = await api('POST', `/training/courses/${courseId}/attempts`, { as: employeeB });
  const passed = await api('POST', `/training/courses/${courseId}/attempts/${attempt.body.attempt}/submit`, { as: employeeB, body: { answers: allRight } });
  expect(passed.body.passed).toBe(true);
  const staff = await api('GET', '/training/employees?limit=100', { as: adminB });
  const employeeId = staff.body.items.find((item: { email: string }) => item.email === employeeB).employeeId;
  return { courseId, employeeId, ruleId: rule.body.ruleId ?? rule.body.rule?.ruleId, certificateId: passed.body.certificate.certificateId };
}

/** Jüchen's caseworker registers a Baulast (scan uploaded with a presigned PUT). */
async function baulastFixture(): Promise<string> {
  const caseworkerB = demoUser('caseworker', B);
  const scan = Buffer.from('%PDF-1.4\n% Baulastenblatt Jüchen\n');
  const upload = await api('POST', '/baulasten/uploads', { as: caseworkerB, body: { fileName: 'blatt.pdf', contentType: 'application/pdf', sizeBytes: scan.byteLength } });
  expect((await fetch(upload.body.url, { method: 'PUT', headers: upload.body.headers, body: scan })).ok).toBe(true);
  const sheet = await api('POST', '/baulasten/sheets', {
    as: caseworkerB,
    body: {
      uploadId: upload.body.uploadId,
      baulastenblatt: `ISO-${Date.now()}`,
      parcels: [{ gemarkung: '3520', flur: '3', flurstueck: `${(Date.now() % 90_000) + 1}` }],
      kind: 'sonstige',
      content: 'Baulast für den Isolationstest.',
      eintragungsdatum: '2010-01-01',
    },
  });
  expect(sheet.status).toBe(201);
  return sheet.body.sheetId;
}

/** Routes that name no tenant resource (the caller's tenant is implied by the token), or that only the county calls. */
const noTenantResource = new Set([
  'GET /health',
  // Public by design: the API's contract, the same for everybody (no data of any tenant).
  'GET /openapi.json',
  'POST /tenants',
  'GET /tenants',
  'POST /tenants/{id}/retry',
  'POST /tenants/{id}/deactivate',
  'POST /tenants/{id}/reactivate',
  // The caller's tenant is implied by the token:
  'GET /services',
  'POST /applications',
  'GET /applications',
  'GET /caseworker/applications',
  'POST /uploads',
  'GET /permits/check',
  // The caller's own drafts and businesses, the tenant's zones and fees: partitions keyed by the token's tenant and
  // user; forms.test.ts shows a Jüchen draft and a Kaarst business invisible and unchanged to every other caller.
  'GET /drafts',
  'GET /drafts/{serviceId}',
  'PUT /drafts/{serviceId}',
  'DELETE /drafts/{serviceId}',
  'GET /businesses',
  // The caller's own exports and erasure requests, the tenant's requests and record of processing (privacy.test.ts).
  'GET /privacy/me',
  'POST /privacy/exports',
  'POST /privacy/erasure-requests',
  'GET /privacy/erasure-requests',
  'GET /privacy/processing-record',
  'GET /parking-zones',
  'POST /parking-zones/lookup',
  'POST /services/{id}/quote',
  'POST /baulasten/uploads',
  'POST /baulasten/sheets',
  'GET /baulasten/sheets',
  'GET /business/deliveries',
  // The caller's municipality's trade register (keyed by the token's tenant; trade-register.test.ts searches Neuss's
  // register for a business of Kaarst and finds nothing).
  'GET /business/register',
  'GET /training/courses',
  'POST /training/courses',
  'GET /training/me',
  'GET /training/xapi/statements',
  'POST /training/employees/import',
  'GET /training/employees',
  'POST /training/rules',
  'GET /training/rules',
  'GET /training/reports/compliance',
  'GET /training/reports/overdue',
  'GET /training/reports/history',
  // The caller's own KPIs and annual report (keyed by the token's tenant; reports.test.ts checks Neuss sees only Neuss):
  'GET /reports/kpis',
  'GET /reports/annual-report',
  'GET /training/reminders',
  'POST /training/courses/files',
  // The vehicle task work list of the caller's own office, read and written in its own partition only: the county's
  // caseworkers (tasks handed over to the county) and a pilot town's (its own ZB I sticker tasks); any other tenant
  // gets 403 before any read, and another office's task id is 404 (address-change.test.ts with Neuss and the county,
  // address-change-pilot.test.ts with Jüchen, Rommerskirchen, Kaarst and the county):
  'GET /vehicle-registration/tasks',
  'GET /vehicle-registration/tasks/{id}',
  'POST /vehicle-registration/tasks/{id}/complete',
  'POST /vehicle-registration/tasks/{id}/fail',
  'POST /vehicle-registration/tasks/{id}/reopen',
  // The county's reports from the pilot towns and its register: county caseworkers only, 403 for every town
  // (address-change-pilot.test.ts):
  'GET /vehicle-registration/reports',
  'GET /vehicle-registration/register',
  // County-wide by design (county admins only; aggregates):
  'GET /training/reports/county',
  'GET /reports/kpis/county',
  // The data protection officer's view of the audit trail: always the caller's tenant (no tenant in the path); a
  // search with another tenant's ids finds nothing and a cursor of another tenant is refused (audit-trail.test.ts):
  'GET /audit/entries',
  'GET /audit/entries/export',
  'GET /audit/verify',
  // Public, authenticated by a signature (the tenant is part of the signed message / token):
  'POST /payments/webhook',
  'GET /sandbox-pay/{paymentId}',
  'POST /sandbox-pay/{paymentId}',
  // The XBezahldienste sandbox is a stand-in payment platform outside every tenant (dev only): its transactions are
  // reached by the bearer credential and the originator/endpoint pair, or by the unguessable pay-page link.
  'POST /xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId}',
  'GET /xbezahldienste-sandbox/paymenttransaction/{originatorId}/{endPointId}/{transactionId}',
  'GET /xbezahldienste-sandbox/paypage/{transactionId}',
  'POST /xbezahldienste-sandbox/paypage/{transactionId}',
  'GET /verify/{token}',
  // Public by design: what every authority publishes about itself (name, contact, legal pages) — nothing else.
  'GET /tenants/{id}/public',
  // Public by design: the open data every authority publishes (counts, small ones suppressed) and its catalogue.
  'GET /open-data/{tenantId}/catalog',
  'GET /open-data/{tenantId}/datasets/{datasetId}',
]);

/** Which demo user holds a role: municipality users for tenant roles, the county's for county-admin. */
function userWithRole(role: Role): string {
  return role === 'county-admin' ? demoUser('county-admin', 'rhein-kreis-neuss') : demoUser(role, A);
}

function concretePath(route: Route): string {
  return route.path.replace(/\{[^}]+\}/g, A);
}

function sampleBody(route: Route): unknown {
  return route.method === 'GET' ? undefined : {};
}

describe('tenant isolation across the whole route table', () => {
  it('classifies every route, so no new route escapes this test', () => {
    const unclassified = routes.map(routeKey).filter((key) => !(key in foreignAccess) && !noTenantResource.has(key));
    expect(unclassified).toEqual([]);
  });

  for (const route of routes) {
    if (route.roles === 'public') continue;
    const forbidden = ROLES.filter((role) => !(route.roles as readonly Role[]).includes(role));
    if (forbidden.length === 0) continue;
    it(`${routeKey(route)} answers 403 to ${forbidden.join(', ')}`, async () => {
      for (const role of forbidden) {
        const response = await api(route.method, concretePath(route), { as: userWithRole(role), body: sampleBody(route) });
        expect(response.status, `${role} on ${routeKey(route)}`).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      }
    });
  }

  for (const [key, attemptsFor] of Object.entries(foreignAccess)) {
    it(`${key}: tenant A gets 404 for tenant B's resource, and B's data stays as it was`, async () => {
      const before = await snapshotOfB(fixtures);
      expect(before.permit.status).toBe('valid');
      const [method] = key.split(' ') as [string];
      for (const attempt of attemptsFor(fixtures)) {
        const response = await api(method, attempt.path, { as: attempt.as, body: attempt.body });
        expect(response.status, `${attempt.as} ${method} ${attempt.path}`).toBe(404);
        expect(JSON.stringify(response.body)).not.toMatch(/Jüchen|JU-IS/);
      }
      expect(await snapshotOfB(fixtures)).toEqual(before);
    });
  }

});
