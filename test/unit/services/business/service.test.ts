import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serviceById } from '../../../../functions/services/catalog.ts';
import { serviceDescriptor } from '../../../../functions/services/descriptors.ts';
import { documentIssuer } from '../../../../functions/services/issuers.ts';
import { evaluateBusinessChecks } from '../../../../functions/services/business/checks.ts';
import {
  businessChangeDescriptor,
  businessDeregistrationDescriptor,
  businessRegistrationDescriptor,
  LEIKA_KEYS,
} from '../../../../functions/services/business/descriptor.ts';
import { businessIdFor, noticeDeliveryId, receiptDocumentId } from '../../../../functions/services/business/ids.ts';
import {
  issueBusinessChangeDocuments,
  issueBusinessDeregistrationDocuments,
  issueBusinessRegistrationDocuments,
} from '../../../../functions/services/business/issuer.ts';
import { businessChange, businessDeregistration, businessRegistration } from '../../../../functions/services/business/service.ts';
import { contentOf, textsOf } from '../../../support/pdf.ts';
import {
  APP_ID,
  application,
  changeForm,
  deregistrationForm,
  gmbhOperator,
  maximalDeregistration,
  maximalRegistration,
  neussConfig,
  NOW,
  person,
  registrationForm,
} from './fixtures.ts';
import { memory } from './support/memory-store.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

vi.mock('../../../../functions/services/business/forwarding/store.ts', () => import('./support/memory-store.ts'));

const documents = vi.hoisted(() => ({
  putIssuedDocument: vi.fn(async (input: { tenantId: string; applicationId: string; kind: string; title: string; fileName: string; contentType: string; documentId?: string; bytes: Uint8Array; now?: Date }) => ({
    documentId: input.documentId ?? 'random',
    kind: input.kind,
    title: input.title,
    fileName: input.fileName,
    contentType: input.contentType,
    key: `${input.tenantId}/applications/${input.applicationId}/${input.documentId}-${input.fileName}`,
    direction: 'issued' as const,
    createdAt: (input.now ?? new Date()).toISOString(),
  })),
}));
vi.mock('#functions/documents/store', () => ({ putIssuedDocument: documents.putIssuedDocument }));

const s3 = mockClient(S3Client);
/** The trade register (the forwarding store is the in-memory one). */
const ddb = mockClient(DynamoDBDocumentClient);
const context = { tenantId: 'neuss', config: neussConfig(), now: NOW };
const BUSINESS_ID = '0c9003a6-5b4f-4a99-98ae-b2b915708c1d';

/** A register entry as stored (`trade-register.ts`). */
function registered(overrides: Record<string, unknown> = {}) {
  return {
    PK: `neuss#TRADE#${BUSINESS_ID}`,
    SK: 'ENTRY',
    businessId: BUSINESS_ID,
    ownerId: 'business-1',
    name: 'Max Gewerbe',
    premises: registrationForm().business.premises,
    activity: 'Online-Handel mit Fahrradzubehör',
    wzCode: '47.91.1',
    registeredOn: '2024-01-15',
    caseNumber: 'NE-GEW-2024-000001',
    status: 'active',
    version: 1,
    updatedAt: '2024-01-15T10:00:00.000Z',
    lastApplicationId: 'earlier-application',
    ...overrides,
  };
}

beforeEach(() => {
  memory.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  // The business a GewA2/GewA3 of the fixtures names: active in Neuss's register, registered by `business-1`.
  ddb.on(GetCommand).resolves({ Item: registered() });
  vi.clearAllMocks();
});

describe('the three Gewerbe services', () => {
  it('are in the catalog with their ids, case codes and federal service keys', () => {
    expect(serviceById('business-registration')).toBe(businessRegistration);
    expect(serviceById('business-change')).toBe(businessChange);
    expect(serviceById('business-deregistration')).toBe(businessDeregistration);
    expect(serviceDescriptor('business-registration')).toBe(businessRegistrationDescriptor);
    expect(serviceDescriptor('business-change')).toBe(businessChangeDescriptor);
    expect(serviceDescriptor('business-deregistration')).toBe(businessDeregistrationDescriptor);
    expect(documentIssuer('business-registration')).toBe(issueBusinessRegistrationDocuments);
    expect(documentIssuer('business-change')).toBe(issueBusinessChangeDocuments);
    expect(documentIssuer('business-deregistration')).toBe(issueBusinessDeregistrationDocuments);
    expect([businessRegistration.caseCode, businessChange.caseCode, businessDeregistration.caseCode]).toEqual(['GEW', 'GUM', 'GAB']);
    expect(businessRegistration.leikaKey).toBe('urn:de:fim:leika:leistung:99050012104000');
    for (const key of Object.values(LEIKA_KEYS)) expect(key).toMatch(/^urn:de:fim:leika:leistung:\d{14}$/);
  });
});

describe('fees', () => {
  it('take the amount from the schedule in force, with the legal-entity amount for legal entities', () => {
    expect(businessRegistration.feeFor(registrationForm(), context)).toEqual({ feeKey: 'standard', amountCents: 2600, currency: 'EUR', legalBasis: 'Gebührenordnung 2026', scheduleValidFrom: '2026-01-01' });
    expect(businessRegistration.feeFor(registrationForm({ operator: gmbhOperator() }), context)).toMatchObject({ feeKey: 'legal-entity', amountCents: 4000 });
    expect(businessChange.feeFor(changeForm({ operator: { ...gmbhOperator() } }), context)).toMatchObject({ feeKey: 'standard', amountCents: 2000 });
    expect(businessDeregistration.feeFor(deregistrationForm(), context)).toMatchObject({ amountCents: 0 });
  });

  it('refuse at submission when the tenant has no schedule', async () => {
    const without = neussConfig({ feeSchedules: {} });
    await expect(businessRegistration.assess(registrationForm(), { ...context, config: without })).rejects.toThrow(/keine Gebühr hinterlegt.*Stadt Neuss/);
  });
});

describe('automated checks', () => {
  it('acknowledge an ordinary sole trader automatically', () => {
    expect(evaluateBusinessChecks(registrationForm(), '2026-03-10')).toEqual({ decision: 'approve', findings: [] });
  });

  it('send itinerant trade, legal entities, crafts without a card, likely permits and residence questions to a caseworker', () => {
    const codes = (form: Parameters<typeof evaluateBusinessChecks>[0]) => evaluateBusinessChecks(form, '2026-03-10').findings.map((finding) => finding.code);
    const base = registrationForm();
    expect(codes({ ...base, business: { ...base.business, itinerant: true } })).toEqual(['itinerant-trade']);
    expect(codes(registrationForm({ operator: gmbhOperator() }))).toEqual(['legal-entity']);
    expect(codes({ ...base, business: { ...base.business, sectors: { industry: false, crafts: true, trade: false, other: false } } })).toEqual(['crafts-without-card']);
    expect(codes({ ...base, activity: { description: 'Sicherheitsdienst', wzCode: '80.10' } })).toEqual(['permit-check']);
    expect(codes(registrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person({ nationalities: ['332'] })] } }))).toEqual(['residence-title']);
    expect(evaluateBusinessChecks(registrationForm({ operator: gmbhOperator() }), '2026-03-10').decision).toBe('review');
  });

  it('note a late notice without stopping the acknowledgement', () => {
    const outcome = evaluateBusinessChecks(registrationForm({ registration: { startDate: '2025-12-01', reason: 'new' } }), '2026-03-10');
    expect(outcome.decision).toBe('approve');
    expect(outcome.findings).toEqual([expect.objectContaining({ code: 'late-notice', severity: 'info', message: expect.stringContaining('99 Tage') })]);
  });

  it('do not ask a deregistration for permits or residence titles', () => {
    const form = deregistrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person({ nationalities: ['332'] })] } });
    expect(evaluateBusinessChecks(form, '2026-03-10')).toEqual({ decision: 'approve', findings: [] });
  });
});

describe('issuing: the acknowledgement of receipt and the forwarding', () => {
  it('stores the acknowledgement PDF once per application and forwards to every entitled recipient', async () => {
    const app = application('business-registration', registrationForm());
    const documentsIssued = await issueBusinessRegistrationDocuments(app, context);
    expect(documentsIssued).toEqual([expect.objectContaining({ documentId: receiptDocumentId(APP_ID), kind: 'receipt', contentType: 'application/pdf', fileName: 'empfangsbescheinigung-NE-GEW-2026-000001.pdf' })]);
    expect(documentsIssued[0]!.createdAt).toBe('2026-03-10T09:30:00.000Z');

    const deliveries = [...memory.deliveries.values()];
    expect(deliveries).toHaveLength(9);
    expect(deliveries.every((delivery) => delivery.status === 'delivered')).toBe(true);
    expect(memory.records.size).toBe(1);
    // The sandbox transport wrote one XML per recipient below the tenant's outbound prefix.
    const keys = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys).toContain(`neuss/outbound/ihk/2026-03/${noticeDeliveryId('neuss', APP_ID, 'ihk')}.xml`);
    expect(keys).toHaveLength(9);

    // A retried step issues the same document and creates no second delivery.
    await issueBusinessRegistrationDocuments(app, context);
    expect(memory.deliveries.size).toBe(9);
    expect(documents.putIssuedDocument.mock.calls.map((call) => call[0].documentId)).toEqual([receiptDocumentId(APP_ID), receiptDocumentId(APP_ID)]);
  });

  it('prints what was notified, the business id and the recipients on the acknowledgement', async () => {
    await issueBusinessRegistrationDocuments(application('business-registration', maximalRegistration()), context);
    const bytes = documents.putIssuedDocument.mock.calls[0]![0].bytes;
    const text = textsOf((await contentOf(bytes)).content).join(' ');
    expect(text).toContain('Empfangsbescheinigung');
    expect(text).toContain('über die Gewerbe-Anmeldung (§ 14 Abs. 1 Satz 1 GewO)');
    expect(text).toContain('Aktenzeichen NE-GEW-2026-000001');
    expect(text).toContain('Rheinblick Logistik GmbH');
    expect(text).toContain('HRB 12345, Amtsgericht Neuss');
    expect(text).toContain('(WZ 2008: 52.29.1)');
    expect(text).toContain(businessIdFor('neuss', APP_ID));
    expect(text).toContain('berechtigt nicht zur Ausübung des Gewerbes');
  });

  it('uses the business id of the registration for a change and a deregistration', async () => {
    const form = changeForm();
    await issueBusinessChangeDocuments(application('business-change', form, { caseNumber: 'NE-GUM-2026-000001' }), context);
    const delivery = [...memory.deliveries.values()].find((candidate) => candidate.recipientId === 'finanzamt')!;
    expect(delivery.payload).toContain(`<xga:gewerbebetriebID>${form.change.businessId}</xga:gewerbebetriebID>`);
    expect(delivery.payload).toContain('<xga:ummeldung>');
  });

  it("enters a registered business in the tenant's trade register under its registrant, changes it with a GewA2 and closes it with a GewA3", async () => {
    await issueBusinessRegistrationDocuments(application('business-registration', registrationForm()), context);
    const businessId = businessIdFor('neuss', APP_ID);
    const [entered] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(entered![0]!.Put).toMatchObject({
      Item: { PK: `neuss#TRADE#${businessId}`, SK: 'ENTRY', GSI1PK: 'neuss#TRADE-OWNER#business-1', GSI2PK: 'neuss#TRADE-REGISTER', businessId, ownerId: 'business-1', status: 'active', version: 1, caseNumber: 'NE-GEW-2026-000001' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(entered![1]!.Put).toMatchObject({ Item: { PK: `neuss#TRADE#${businessId}`, SK: 'VERSION#000001', kind: 'GewA1' } });

    ddb.resetHistory();
    const change = changeForm();
    await issueBusinessChangeDocuments(application('business-change', change, { caseNumber: 'NE-GUM-2026-000001' }), context);
    const [changed] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(changed![0]!.Put).toMatchObject({
      Item: { businessId: BUSINESS_ID, premises: change.business.premises, activity: change.activity.description, version: 2, lastApplicationId: APP_ID },
      // Only while nobody changed or closed it since it was read.
      ConditionExpression: '#status = :active AND #version = :version',
      ExpressionAttributeValues: { ':active': 'active', ':version': 1 },
    });
    expect(changed![1]!.Put).toMatchObject({ Item: { SK: 'VERSION#000002', kind: 'GewA2', caseNumber: 'NE-GUM-2026-000001' } });
    // The GewA2's hold of the business (taken at submission) ends with it.
    expect(changed![2]!.Update).toMatchObject({ UpdateExpression: 'REMOVE applicationId, reservedAt, claimExpiresAt', ExpressionAttributeValues: { ':app': APP_ID } });

    ddb.resetHistory();
    const closing = maximalDeregistration();
    await issueBusinessDeregistrationDocuments(application('business-deregistration', closing, { caseNumber: 'NE-GAB-2026-000001' }), context);
    const [closed] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(closed![0]!.Put!.Item).toMatchObject({ status: 'deregistered', deregisteredOn: closing.deregistration.endDate, closedBy: { kind: 'deregistration', caseNumber: 'NE-GAB-2026-000001' } });
  });

  it('issues and forwards nothing for a change or closure of a business that is not active, not in the register or not the applicant\'s', async () => {
    for (const entry of [registered({ status: 'deregistered' }), registered({ ownerId: 'someone-else' }), undefined]) {
      memory.reset();
      ddb.on(GetCommand).resolves({ Item: entry });
      await expect(issueBusinessDeregistrationDocuments(application('business-deregistration', deregistrationForm(), { caseNumber: 'NE-GAB-2026-000001' }), context)).rejects.toThrow(/nicht \(mehr\) angemeldet/);
      expect(memory.deliveries.size).toBe(0);
      expect(documents.putIssuedDocument).not.toHaveBeenCalled();
      expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
    }
  });

  it('lets a caseworker at the counter change any active business of the register, and keeps a business registered at the counter', async () => {
    ddb.on(GetCommand).resolves({ Item: registered({ ownerId: 'someone-else' }) });
    await issueBusinessChangeDocuments(application('business-change', changeForm(), { channel: 'counter', applicantId: 'counter:caseworker-1:7', caseNumber: 'NE-GUM-2026-000001' }), context);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    ddb.resetHistory();
    await issueBusinessRegistrationDocuments(application('business-registration', registrationForm(), { channel: 'counter', applicantId: 'counter:caseworker-1:7' }), context);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item).toMatchObject({ ownerId: 'counter:caseworker-1:7', status: 'active' });
  });

  it('writes nothing twice when the issuing step is retried after the register change', async () => {
    ddb.on(GetCommand).resolves({ Item: registered({ status: 'deregistered', version: 2, lastApplicationId: APP_ID }) });
    await issueBusinessDeregistrationDocuments(application('business-deregistration', deregistrationForm(), { caseNumber: 'NE-GAB-2026-000001' }), context);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(documents.putIssuedDocument).toHaveBeenCalledTimes(1);
  });

  it('sends a deregistration to the register court too', async () => {
    await issueBusinessDeregistrationDocuments(application('business-deregistration', deregistrationForm(), { caseNumber: 'NE-GAB-2026-000001' }), context);
    expect([...memory.deliveries.values()].map((delivery) => delivery.recipientId)).toContain('registergericht');
  });

  it('keeps deliveries whose first attempt failed for the schedule, and still issues the acknowledgement', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('S3 down'), { name: 'ServiceUnavailable' }));
    const issued = await issueBusinessRegistrationDocuments(application('business-registration', registrationForm()), context);
    expect(issued).toHaveLength(1);
    const deliveries = [...memory.deliveries.values()];
    expect(deliveries.every((delivery) => delivery.status === 'failed' && delivery.lastError === 'Technischer Fehler bei der Übermittlung (ServiceUnavailable).')).toBe(true);
  });
});
