import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as getApplication } from '../../../functions/applications/get-application.handler.ts';
import { handler as inbox } from '../../../functions/applications/inbox.handler.ts';
import { handler as listMine } from '../../../functions/applications/list-mine.handler.ts';
import { APPLICATION_STATUSES, STATUS_LABELS, type ApplicationStatus } from '../../../functions/applications/model.ts';
import { applicantApplicationSchema, caseworkerApplicationSchema, statusLabel } from '../../../functions/applications/views.ts';
import { handler as transitionStep } from '../../../functions/applications/workflow/transition.handler.ts';
import * as z from '../../../functions/core/zod.ts';
import { render } from '../../../functions/notifications/templates.ts';
import { outcomeParams } from '../../../functions/applications/notify.ts';
import { DESCRIPTORS } from '../../../functions/services/descriptors.ts';
import { call, httpEvent, testContext, type TestCaller } from '../../support/events.ts';

/**
 * The applicant's view of an application is an allow-list. For every service and every status, an application as the
 * table holds it — every internal field filled with a value that appears nowhere else (`INTERNAL…`) — goes through the
 * real handlers; the applicant's answer may contain only the keys listed here and none of those values. The
 * caseworker's answer has what the decision needs and still no storage internals.
 */
/** The timeline query gets the events; the query of the application's procedure steps (hearings, requests) `STEPS`. */
const withoutSteps = (input: QueryCommandInput, events: unknown[]) => (input.ExpressionAttributeValues?.[':steps'] ? STEPS : events);

const ddb = mockClient(DynamoDBDocumentClient);
const TENANT = 'neuss';
const APPLICANT = 'INTERNAL-applicant-sub';
const applicant: TestCaller = { tenantId: TENANT, roles: ['citizen'], sub: APPLICANT };
const caseworker: TestCaller = { tenantId: TENANT, roles: ['caseworker'], sub: 'caseworker-9' };

/** Key paths the applicant may see (`[]` marks array items; the form is the applicant's own input and not walked). */
const APPLICANT_KEYS = [
  'applicationId', 'serviceId', 'serviceTitle', 'caseNumber', 'status', 'statusLabel', 'channel', 'form',
  'fee', 'fee.amountCents', 'fee.currency', 'fee.legalBasis',
  'payment', 'payment.status', 'payment.checkoutUrl', 'payment.transactionReference', 'payment.refund', 'payment.refund.status', 'payment.refund.at',
  'decision', 'decision.outcome', 'decision.reason', 'decision.at',
  'documents', 'documents[].documentId', 'documents[].kind', 'documents[].title', 'documents[].fileName', 'documents[].contentType', 'documents[].direction', 'documents[].createdAt',
  'failureReason', 'payAgainUntil', 'createdAt', 'updatedAt',
  'timeline', 'timeline[].at', 'timeline[].status', 'timeline[].statusLabel', 'timeline[].note',
  'openStep', 'openStep.stepId', 'openStep.kind', 'openStep.deadline',
  'steps', 'steps[].stepId', 'steps[].kind', 'steps[].status', 'steps[].createdAt', 'steps[].deadline', 'steps[].message', 'steps[].intendedDecision',
  'steps[].documents', 'steps[].fields', 'steps[].answer', 'steps[].answer.at', 'steps[].answer.text', 'steps[].answer.documentIds', 'steps[].answer.changedFields',
  'steps[].remindedAt', 'steps[].closedAt',
];
/** The caseworker's view adds these; storage keys, tokens and S3 keys stay out of it too. */
const CASEWORKER_EXTRA_KEYS = [
  'applicantId', 'applicantEmail', 'filedBy', 'version', 'fee.feeKey', 'fee.scheduleValidFrom', 'payment.paymentId', 'payment.refund.reference',
  'findings', 'findings[].code', 'findings[].message', 'findings[].severity', 'decision.by', 'decision.automatic', 'timeline[].actor',
  'decision.legalBasis', 'decision.hearingDispensation', 'steps[].createdBy',
];

function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return path === 'form' ? [path] : [path, ...keyPaths(child, path)];
  });
}

const applicationId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

/** An application as stored, in `status`, with every internal field set to a value found nowhere else. */
function stored(serviceId: string, status: ApplicationStatus, index: number) {
  const id = applicationId(index);
  return {
    PK: `${TENANT}#APP#${id}`,
    SK: 'META',
    GSI1PK: `${TENANT}#APPLICANT#${APPLICANT}`,
    GSI1SK: `2026-03-01T09:00:00.000Z#${id}`,
    GSI2PK: `${TENANT}#INBOX#${status}`,
    GSI2SK: `2026-03-01T09:00:00.000Z#${id}`,
    applicationId: id,
    tenantId: TENANT,
    serviceId,
    caseNumber: `NE-XYZ-2026-${String(index).padStart(6, '0')}`,
    status,
    channel: 'online',
    applicantId: APPLICANT,
    applicantEmail: 'INTERNAL-mail@example.test',
    filedBy: APPLICANT,
    form: { note: 'what the applicant entered' },
    fee: { feeKey: 'INTERNAL-fee-key', amountCents: 5000, currency: 'EUR', legalBasis: 'Gebührensatzung 2026', scheduleValidFrom: '2026-01-01' },
    payment: {
      paymentId: 'INTERNAL-payment-id',
      status: 'BOOKED',
      checkoutUrl: 'https://pay.example.test/checkout/abc',
      transactionReference: 'KZ-2026-0001',
      refund: { status: 'REFUNDED', reference: 'INTERNAL-refund-reference', at: '2026-03-05T10:00:00.000Z' },
    },
    findings: [{ code: 'register-entries', severity: 'info', message: 'INTERNAL finding: 3 gültige Baulasten (Blatt 1001 lfd. Nr. 1)' }],
    decision: { outcome: 'approve', reason: 'Alle Voraussetzungen liegen vor.', by: 'INTERNAL-caseworker-sub', at: '2026-03-04T10:00:00.000Z', automatic: false, legalBasis: '§ 1 Satzung', hearingDispensation: 'INTERNAL dispensation reason' },
    openStep: { stepId: 'step-2', kind: 'request', deadline: '2026-03-20' },
    documents: [
      {
        documentId: `doc-${index}`,
        kind: 'permit',
        title: 'Dokument',
        fileName: 'dokument.pdf',
        contentType: 'application/pdf',
        key: 'INTERNAL/s3/object/key.pdf',
        direction: 'issued',
        createdAt: '2026-03-04T10:00:00.000Z',
      },
    ],
    failureReason: 'Der Antrag konnte nicht abgeschlossen werden.',
    decisionTaskToken: 'INTERNAL-task-token',
    decisionDelivered: true,
    withdrawalRequestedAt: 'INTERNAL-withdrawal-mark',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-04T10:00:00.000Z',
    version: 424242,
  };
}

const TIMELINE = [
  { at: '2026-03-01T09:00:00.000Z', status: 'submitted', actor: APPLICANT, note: 'Online eingereicht' },
  { at: '2026-03-04T10:00:00.000Z', status: 'approved', actor: 'INTERNAL-caseworker-sub', note: 'Alle Voraussetzungen liegen vor.' },
  { at: '2026-03-04T10:00:01.000Z', status: 'completed', actor: 'system' },
];

/** Procedure steps as stored: with their keys, index entries and who sent them — none of which the applicant sees. */
const STEPS = [
  {
    PK: `${TENANT}#APP#x`, SK: 'STEP#step-1', stepId: 'step-1', applicationId: 'x', kind: 'hearing', status: 'answered', createdAt: '2026-03-02T10:00:00.000Z',
    createdBy: 'INTERNAL-caseworker-sub', deadline: '2026-03-16', message: 'Die Adresse liegt außerhalb.', intendedDecision: 'reject',
    answer: { at: '2026-03-03T10:00:00.000Z', text: 'Stimmt nicht.', documentIds: ['doc-1'], changedFields: [] }, remindedAt: '2026-03-13T10:00:00.000Z', closedAt: '2026-03-03T10:00:00.000Z',
  },
  {
    PK: `${TENANT}#APP#x`, SK: 'STEP#step-2', GSI2PK: `${TENANT}#STEP#open`, GSI2SK: 'INTERNAL-step-index', stepId: 'step-2', applicationId: 'x', kind: 'request', status: 'open',
    createdAt: '2026-03-04T10:00:00.000Z', createdBy: 'INTERNAL-caseworker-sub', deadline: '2026-03-20', message: 'Bitte den Nachweis.', documents: ['Meldebescheinigung'], fields: ['note'],
  },
];

const CASES = Object.keys(DESCRIPTORS).flatMap((serviceId, s) => APPLICATION_STATUSES.map((status, i) => ({ serviceId, status, index: s * 100 + i })));

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

describe('the applicant’s view of an application, for every service and every status', () => {
  it('holds only allowed keys and no value that exists only in internal fields (GET /applications/{id})', async () => {
    expect(CASES.length).toBe(Object.keys(DESCRIPTORS).length * APPLICATION_STATUSES.length);
    for (const { serviceId, status, index } of CASES) {
      const item = stored(serviceId, status, index);
      ddb.on(GetCommand, { Key: { PK: item.PK, SK: 'META' } }).resolves({ Item: item });
      ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: withoutSteps(input, TIMELINE) }));
      const result = await call(getApplication, httpEvent({ routeKey: 'GET /applications/{id}', caller: applicant, pathParameters: { id: item.applicationId } }));
      const where = `${serviceId} ${status}`;
      expect(result.statusCode, where).toBe(200);
      expect(keyPaths(result.body).filter((path) => !APPLICANT_KEYS.includes(path)), where).toEqual([]);
      expect(JSON.stringify(result.body), where).not.toMatch(/INTERNAL|424242/);
      expect(z.safeParse(z.strictObject(applicantApplicationSchema.shape), result.body).success, where).toBe(true);
      expect(result.body).toMatchObject({ status, statusLabel: statusLabel(serviceId, status), serviceTitle: DESCRIPTORS[serviceId]!.title });
    }
  });

  it('is the same allow-list in the applicant’s list (GET /applications)', async () => {
    const items = CASES.filter((entry) => entry.index % 7 === 0).map(({ serviceId, status, index }) => stored(serviceId, status, index));
    ddb.on(QueryCommand).resolves({ Items: items });
    const result = await call(listMine, httpEvent({ routeKey: 'GET /applications', caller: applicant }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items).toHaveLength(items.length);
    for (const view of result.body.items) {
      expect(keyPaths(view).filter((path) => !APPLICANT_KEYS.includes(path))).toEqual([]);
      expect(JSON.stringify(view)).not.toMatch(/INTERNAL|424242/);
    }
  });

  it('gives a caseworker the findings and who decided, but no storage keys, task tokens or S3 keys', async () => {
    for (const { serviceId, status, index } of CASES.filter((entry) => entry.index % 5 === 0)) {
      const item = stored(serviceId, status, index);
      ddb.on(GetCommand, { Key: { PK: item.PK, SK: 'META' } }).resolves({ Item: item });
      ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: withoutSteps(input, TIMELINE) }));
      const result = await call(getApplication, httpEvent({ routeKey: 'GET /applications/{id}', caller: caseworker, pathParameters: { id: item.applicationId } }));
      expect(result.statusCode).toBe(200);
      expect(keyPaths(result.body).filter((path) => ![...APPLICANT_KEYS, ...CASEWORKER_EXTRA_KEYS].includes(path))).toEqual([]);
      expect(result.body.findings[0].message).toContain('3 gültige Baulasten');
      expect(result.body.decision.by).toBe('INTERNAL-caseworker-sub');
      expect(JSON.stringify(result.body)).not.toMatch(/INTERNAL\/s3|INTERNAL-task-token|INTERNAL-withdrawal-mark|#APP#|#INBOX#/);
      expect(z.safeParse(z.strictObject(caseworkerApplicationSchema.shape), result.body).success).toBe(true);
    }
    ddb.on(QueryCommand).resolves({ Items: [stored('resident-parking', 'awaiting-decision', 1)] });
    const list = await call(inbox, httpEvent({ routeKey: 'GET /caseworker/applications', caller: caseworker }));
    expect(keyPaths(list.body.items[0]).filter((path) => ![...APPLICANT_KEYS, ...CASEWORKER_EXTRA_KEYS].includes(path))).toEqual([]);
  });
});

describe('each service names its own outcome', () => {
  it('labels `approved` and `completed` with the words of the service, in the view and in the timeline', async () => {
    for (const [serviceId, descriptor] of Object.entries(DESCRIPTORS)) {
      const item = stored(serviceId, 'completed', 1);
      ddb.on(GetCommand, { Key: { PK: item.PK, SK: 'META' } }).resolves({ Item: item });
      ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: withoutSteps(input, TIMELINE) }));
      const view = (await call(getApplication, httpEvent({ routeKey: 'GET /applications/{id}', caller: applicant, pathParameters: { id: item.applicationId } }))).body;
      expect(view.statusLabel, serviceId).toBe(descriptor.outcome.completed);
      expect(view.timeline.map((entry: { statusLabel: string }) => entry.statusLabel), serviceId).toEqual([STATUS_LABELS.submitted, descriptor.outcome.approved, descriptor.outcome.completed]);
    }
  });

  it('never calls a Gewerbeanzeige approved: it is received and its receipt certified (§ 15 Abs. 1 GewO)', () => {
    const notices = Object.values(DESCRIPTORS).filter((descriptor) => descriptor.id.startsWith('business-'));
    expect(notices).toHaveLength(3);
    for (const { outcome } of notices) {
      const words = [outcome.approved, outcome.approvedAutomatically, outcome.completed, outcome.notice.subject, outcome.notice.text].join(' ');
      expect(words).not.toMatch(/bewillig|genehmig|Antrag/i);
      expect(words).toMatch(/Empfangsbescheinigung/);
    }
    expect(Object.values(DESCRIPTORS).filter((descriptor) => /bewillig/i.test(JSON.stringify(descriptor.outcome))).map((descriptor) => descriptor.id)).toEqual(['resident-parking']);
  });

  it('writes the service’s own words into the outcome e-mail and the note of an automatic approval', async () => {
    for (const [serviceId, descriptor] of Object.entries(DESCRIPTORS)) {
      const mail = render('application-approved', { caseNumber: 'NE-XYZ-2026-000001', tenantName: 'Stadt Neuss', statusUrl: 'https://portal.example/antraege/x', ...outcomeParams(descriptor) });
      expect(mail.subject, serviceId).toBe(`${descriptor.outcome.notice.subject} (NE-XYZ-2026-000001)`);
      expect(mail.body, serviceId).toContain(descriptor.outcome.notice.text);
      expect(`${mail.subject} ${mail.body}`).not.toMatch(/undefined/);

      ddb.reset();
      const item = stored(serviceId, 'checks-passed', 2);
      ddb.on(GetCommand).callsFake((input: { Key: { SK: string } }) =>
        input.Key.SK === 'META' ? { Item: item } : input.Key.SK === 'CONFIG' ? { Item: { version: 1, config: { displayName: 'Stadt Neuss', caseNumberPrefix: 'NE' } } } : {},
      );
      ddb.on(TransactWriteCommand).resolves({});
      await transitionStep({ tenantId: TENANT, applicationId: item.applicationId, from: ['checks-passed'], to: 'approved', autoApprove: true }, testContext);
      const entry = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Put!.Item!;
      expect(entry.note, serviceId).toBe(descriptor.outcome.approvedAutomatically);
    }
  });
});
