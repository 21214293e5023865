import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Conflict, Unprocessable } from '../../../../functions/core/problem.ts';
import { serviceById, SERVICES } from '../../../../functions/services/catalog.ts';
import { serviceDescriptor } from '../../../../functions/services/descriptors.ts';
import { documentIssuer } from '../../../../functions/services/issuers.ts';
import { RESIDENT_PARKING_LEIKA_KEY, residentParkingDescriptor } from '../../../../functions/services/resident-parking/descriptor.ts';
import { issueResidentParkingDocuments } from '../../../../functions/services/resident-parking/issuer.ts';
import { permitIdFor, plateReservation } from '../../../../functions/services/resident-parking/permit.ts';
import { reservationItemKey } from '../../../../functions/applications/reservations.ts';
import { residentParking } from '../../../../functions/services/resident-parking/service.ts';
import { PlateAlreadyHasPermit } from '../../../../functions/services/resident-parking/store.ts';
import { application, conditionFailed, neussConfig, permit, transactionCancelled, validForm } from './fixtures.ts';
// As in AWS: these functions act through tenant-scoped sessions only (no whole-table rights).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const documents = vi.hoisted(() => ({
  signDocumentToken: vi.fn(async (_claims: unknown) => 'header.claims.signature'),
  verifyUrl: vi.fn((token: string) => `https://api.openkreis.test/verify/${token}`),
  renderPermitPdf: vi.fn(async (_input: unknown) => new Uint8Array([0x25, 0x50, 0x44, 0x46])),
  putIssuedDocument: vi.fn(async (input: { tenantId: string; applicationId: string; kind: string; title: string; fileName: string; contentType: string; documentId?: string }) => ({
    documentId: input.documentId ?? 'random',
    kind: input.kind,
    title: input.title,
    fileName: input.fileName,
    contentType: input.contentType,
    key: `${input.tenantId}/applications/${input.applicationId}/${input.documentId}-${input.fileName}`,
    direction: 'issued' as const,
    createdAt: '2026-03-10T10:00:00.000Z',
  })),
}));
vi.mock('#functions/documents/signing', () => ({ signDocumentToken: documents.signDocumentToken }));
vi.mock('#functions/documents/verify-url', () => ({ verifyUrl: documents.verifyUrl }));
vi.mock('#functions/documents/permit-pdf', () => ({ renderPermitPdf: documents.renderPermitPdf }));
vi.mock('#functions/documents/store', () => ({ putIssuedDocument: documents.putIssuedDocument }));

const ddb = mockClient(DynamoDBDocumentClient);
const config = neussConfig();
const now = new Date('2026-03-10T10:00:00Z');
const context = { tenantId: 'neuss', config, now };
const permitId = permitIdFor('neuss', 'app-0001');
const permitKey = { PK: `neuss#PERMIT#${permitId}`, SK: 'PERMIT' };

beforeEach(() => {
  ddb.reset();
  vi.clearAllMocks();
});

describe('the resident parking service definition', () => {
  it('is in the catalog under its id, with its LeiKa key and case code', () => {
    expect(serviceById('resident-parking')).toBe(residentParking);
    expect(Object.keys(SERVICES)).toContain('resident-parking');
    expect(serviceById('constructor')).toBeUndefined();
    expect(serviceDescriptor('resident-parking')).toBe(residentParkingDescriptor);
    expect(documentIssuer('resident-parking')).toBe(issueResidentParkingDocuments);
    expect(residentParking.leikaKey).toBe(RESIDENT_PARKING_LEIKA_KEY);
    expect(residentParking.leikaKey).toMatch(/^urn:de:fim:leika:leistung:\d{14}$/);
    expect(residentParking.caseCode).toBe('BPA');
  });

  it('names the proof upload of a company car or lease for the engine to claim', () => {
    expect(residentParking.uploadsIn!(validForm())).toEqual([]);
    expect(residentParking.uploadsIn!(validForm({ vehicle: { relation: 'company-car', proofUploadId: 'upload-7' } }))).toEqual([
      { uploadId: 'upload-7', kind: 'vehicle-use-proof' },
    ]);
  });
});

describe('assess', () => {
  beforeEach(() => {
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  it('accepts an address in the requested zone with an offered validity and a vehicle under the limit', async () => {
    await expect(residentParking.assess(validForm(), context)).resolves.toBeUndefined();
  });

  it('reads nothing: one permit per plate is kept by the reservation of the plate, not by a query', async () => {
    await residentParking.assess(validForm(), context);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an address outside the zone, naming the zone but never the address (messages may reach logs)', async () => {
    const outside = residentParking.assess(validForm({ residence: { street: 'Hauptstraße', houseNumber: '1', postcode: '41460', city: 'Neuss' } }), context);
    await expect(outside).rejects.toThrow(/Die angegebene Adresse liegt in keiner Bewohnerparkzone/);
    await expect(outside).rejects.not.toThrow(/Hauptstraße/);
    await expect(residentParking.assess(validForm({ zoneId: 'NE-2' }), context)).rejects.toThrow(/nicht in der beantragten Zone „Hafen“/);
    await expect(residentParking.assess(validForm({ zoneId: 'NE-7' }), context)).rejects.toThrow(Unprocessable);
  });

  it('refuses a validity the tenant does not offer', async () => {
    const yearOnly = neussConfig({ residentParking: { ...config.residentParking!, validityMonths: [12] } });
    await expect(residentParking.assess(validForm({ validityMonths: 6 }), { ...context, config: yearOnly })).rejects.toThrow(
      'Stadt Neuss stellt Bewohnerparkausweise mit einer Gültigkeit von 12 Monaten aus, nicht für 6 Monate.',
    );
  });

  it('enforces a configured weight limit and asks for the weight when it is missing', async () => {
    await expect(residentParking.assess(validForm({ vehicle: { relation: 'keeper', weightKg: 3600 } }), context)).rejects.toThrow(
      /mit 3600 kg zulässigem Gesamtgewicht schwerer als die Grenze von 3500 kg/,
    );
    await expect(residentParking.assess(validForm({ vehicle: { relation: 'keeper' } }), context)).rejects.toThrow(/Bitte geben Sie das Gewicht an/);
    const noLimit = neussConfig({ residentParking: { ...config.residentParking!, maxVehicleWeightKg: undefined } });
    await expect(residentParking.assess(validForm({ vehicle: { relation: 'keeper', weightKg: 7000 } }), { ...context, config: noLimit })).resolves.toBeUndefined();
  });

  it('refuses when the tenant has not set the service up', async () => {
    const { residentParking: _settings, ...rest } = config;
    await expect(residentParking.assess(validForm(), { ...context, config: rest })).rejects.toThrow(/Stadt Neuss hat den Dienst Bewohnerparkausweis noch nicht eingerichtet/);
  });
});

describe('the reservation of the plate', () => {
  const reservation = residentParking.reservation!;

  it('reserves the canonical plate, and lets a renewal take it over from the permit it continues', () => {
    expect(reservation.value(validForm())).toBe(plateReservation('NE-AB 1234'));
    expect(reservation.supersedes!(validForm())).toBeUndefined();
    expect(reservation.supersedes!(validForm({ renewalOf: 'p-old' } as never))).toBe('p-old');
    // The plate lock of the permit store is the very same item.
    expect(reservationItemKey('neuss', reservation.value(validForm())).PK).not.toContain('NE-AB');
  });

  it('tells a second applicant 409 while another application for the plate runs, and 422 while a permit covers it — without the plate', () => {
    const running = reservation.refusal({ byApplication: true });
    expect(running).toBeInstanceOf(Conflict);
    expect(running.message).toMatch(/bereits ein Antrag auf einen Bewohnerparkausweis bearbeitet/);
    expect(running.errors).toEqual([{ field: 'body/form/plate', message: 'Für dieses Kennzeichen läuft bereits ein Antrag.' }]);
    const covered = reservation.refusal({ byApplication: false, validTo: '2027-03-09' });
    expect(covered).toBeInstanceOf(Unprocessable);
    expect(covered.message).toMatch(/bereits einen gültigen Bewohnerparkausweis \(gültig bis 09\.03\.2027\)/);
    for (const refusal of [running, covered]) expect(refusal.message).not.toContain('NE-AB');
  });
});

describe('feeFor', () => {
  it('takes the amount for the chosen validity from the schedule in force', () => {
    expect(residentParking.feeFor(validForm(), context)).toEqual({
      feeKey: 'annual',
      amountCents: 12000,
      currency: 'EUR',
      legalBasis: 'Gebührenordnung 2026',
      scheduleValidFrom: '2026-01-01',
    });
    expect(residentParking.feeFor(validForm({ validityMonths: 6 }), context).amountCents).toBe(6000);
  });

  it('refuses when the tenant has no fee for the service', () => {
    expect(() => residentParking.feeFor(validForm(), { ...context, config: neussConfig({ feeSchedules: {} }) })).toThrow(/^Für diesen Dienst ist keine Gebühr hinterlegt/);
  });
});

describe('issuing the documents', () => {
  const storedDocument = {
    documentId: `bpa-${permitId}`,
    kind: 'permit',
    title: 'Bewohnerparkausweis',
    fileName: 'bewohnerparkausweis-NE-BPA-2026-000001.pdf',
    contentType: 'application/pdf',
    key: `neuss/applications/app-0001/bpa-${permitId}-bewohnerparkausweis-NE-BPA-2026-000001.pdf`,
    direction: 'issued' as const,
    createdAt: '2026-03-10T10:00:00.000Z',
  };

  it('creates the permit with its plate lock and expiry entry, signs, renders and stores the PDF', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const issued = await issueResidentParkingDocuments(application(), context);
    expect(issued).toEqual([storedDocument]);

    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // The permit, its plate lock, its expiry entry — and, last, the open-data count of permits per zone.
    expect(items).toHaveLength(4);
    expect(items[3]!.Update!.Key!.PK).toMatch(/^neuss#KPI#\d{4}$/);
    expect(Object.values(items[3]!.Update!.ExpressionAttributeNames!)[0]).toMatch(/^park\|NE-1\|issued\|\d{2}$/);
    expect(items[0]!.Put).toMatchObject({
      Item: {
        ...permitKey,
        GSI1PK: 'neuss#PLATE#NE-AB 1234',
        GSI1SK: `2027-03-09#${permitId}`,
        GSI2SK: `2027-03-09#${permitId}`,
        permitId,
        applicationId: 'app-0001',
        holderId: 'citizen-1',
        holderEmail: 'erika@example.test',
        plate: 'NE-AB 1234',
        zoneId: 'NE-1',
        zoneName: 'Innenstadt',
        validFrom: '2026-03-10',
        validTo: '2027-03-09',
        status: 'valid',
      },
      ConditionExpression: 'attribute_not_exists(#PK)',
    });
    expect(items[0]!.Put!.Item!.GSI2PK).toMatch(/^neuss#HOUSEHOLD#[A-Za-z0-9_-]{32}$/);
    // No name and no birth date on the permit.
    expect(JSON.stringify(items[0]!.Put!.Item)).not.toMatch(/Erika|Mustermann/);
    // The plate's reservation item: the permit takes it over from its application (the Put replaces the hold).
    expect(items[1]!.Put).toEqual({
      TableName: process.env.TABLE_NAME,
      Item: { ...reservationItemKey('neuss', plateReservation('NE-AB 1234')), holderId: permitId, validFrom: '2026-03-10', validTo: '2027-03-09' },
      ConditionExpression: '(attribute_not_exists(#validTo) OR #validTo < :validFrom) AND (attribute_not_exists(#applicationId) OR #applicationId = :application)',
      ExpressionAttributeNames: { '#validTo': 'validTo', '#applicationId': 'applicationId' },
      ExpressionAttributeValues: { ':validFrom': '2026-03-10', ':application': 'app-0001' },
    });
    expect(items[2]!.Put).toMatchObject({
      Item: { PK: `neuss#PERMIT#${permitId}`, SK: 'EXPIRY', GSI1PK: 'neuss#PERMIT-EXPIRY#2027-03', GSI1SK: `2027-03-09#${permitId}`, reminder: 'pending' },
    });

    expect(documents.signDocumentToken).toHaveBeenCalledWith({ typ: 'permit', tid: 'neuss', sub: `bpa-${permitId}`, pid: permitId, v: 1 });
    expect(documents.renderPermitPdf).toHaveBeenCalledWith({
      plate: 'NE-AB 1234',
      zoneId: 'NE-1',
      zoneName: 'Innenstadt',
      validFrom: '2026-03-10',
      validTo: '2027-03-09',
      caseNumber: 'NE-BPA-2026-000001',
      issuer: { name: 'Stadt Neuss', contactEmail: 'buergerservice@neuss.example' },
      verifyUrl: 'https://api.openkreis.test/verify/header.claims.signature',
      issuedAt: now.toISOString(),
    });
    expect(documents.putIssuedDocument).toHaveBeenCalledWith(expect.objectContaining({ tenantId: 'neuss', applicationId: 'app-0001', kind: 'permit', documentId: `bpa-${permitId}` }));
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({ Key: permitKey, ConditionExpression: 'attribute_exists(#PK) AND attribute_not_exists(#document)' });
  });

  it('starts the validity on the approval date, not on the day the step runs', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await issueResidentParkingDocuments(application(), { ...context, now: new Date('2026-03-12T08:00:00Z') });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item).toMatchObject({ validFrom: '2026-03-10', validTo: '2027-03-09' });
  });

  it('is idempotent: a second call returns the stored document and writes nothing', async () => {
    ddb.on(GetCommand, { Key: permitKey }).resolves({ Item: { ...permit({ permitId, applicationId: 'app-0001' }), document: storedDocument } });
    const issued = await issueResidentParkingDocuments(application(), context);
    expect(issued).toEqual([storedDocument]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(documents.renderPermitPdf).not.toHaveBeenCalled();
  });

  it('finishes a permit whose PDF was not stored yet, with the same document id, without a second permit', async () => {
    const existing = permit({ permitId, applicationId: 'app-0001', caseNumber: 'NE-BPA-2026-000001', validFrom: '2026-03-10', validTo: '2027-03-09' });
    ddb.on(GetCommand, { Key: permitKey }).resolves({ Item: existing });
    ddb.on(UpdateCommand).resolves({});
    const issued = await issueResidentParkingDocuments(application(), context);
    expect(issued[0]!.documentId).toBe(`bpa-${permitId}`);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(documents.renderPermitPdf).toHaveBeenCalledWith(expect.objectContaining({ validFrom: '2026-03-10', issuedAt: existing.issuedAt }));
  });

  it('reads back the permit a concurrent run created and returns the document that run recorded', async () => {
    const created = { ...permit({ permitId, applicationId: 'app-0001' }), document: storedDocument };
    ddb.on(GetCommand, { Key: permitKey }).resolvesOnce({}).resolves({ Item: created });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [0]));
    expect(await issueResidentParkingDocuments(application(), context)).toEqual([storedDocument]);
    expect(documents.renderPermitPdf).not.toHaveBeenCalled();
  });

  it('returns the document recorded first when two runs store a PDF at the same time', async () => {
    const existing = permit({ permitId, applicationId: 'app-0001' });
    ddb.on(GetCommand, { Key: permitKey }).resolvesOnce({ Item: existing }).resolves({ Item: { ...existing, document: storedDocument } });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await issueResidentParkingDocuments(application(), context)).toEqual([storedDocument]);
  });

  it('refuses a second valid permit for the plate (the lock condition fails)', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [1]));
    const attempt = issueResidentParkingDocuments(application(), context);
    await expect(attempt).rejects.toBeInstanceOf(PlateAlreadyHasPermit);
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    expect(documents.renderPermitPdf).not.toHaveBeenCalled();
  });

  it('continues a renewed permit: starts the day after it ends and marks it as renewed in the same transaction', async () => {
    const old = permit({ permitId: 'old-permit-0001', validFrom: '2025-04-01', validTo: '2026-03-31' });
    ddb.on(GetCommand, { Key: permitKey }).resolves({});
    ddb.on(GetCommand, { Key: { PK: 'neuss#PERMIT#old-permit-0001', SK: 'PERMIT' } }).resolves({ Item: old });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await issueResidentParkingDocuments(application({ form: validForm({ renewalOf: 'old-permit-0001' }) }), context);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({ validFrom: '2026-04-01', validTo: '2027-03-31', renewalOf: 'old-permit-0001' });
    expect(items[1]!.Put!.Item).toMatchObject({ holderId: permitId, previous: { holderId: 'old-permit-0001', validFrom: '2025-04-01', validTo: '2026-03-31' } });
    expect(items[3]!.Update).toMatchObject({
      Key: { PK: 'neuss#PERMIT#old-permit-0001', SK: 'PERMIT' },
      UpdateExpression: 'SET #renewedBy = :next',
      ConditionExpression: '#status = :valid AND #validTo = :validTo AND attribute_not_exists(#renewedBy)',
    });
  });

  it('does not continue someone else’s permit, and starts on the approval date instead', async () => {
    const foreign = permit({ permitId: 'old-permit-0001', holderId: 'someone-else' });
    ddb.on(GetCommand, { Key: permitKey }).resolves({});
    ddb.on(GetCommand, { Key: { PK: 'neuss#PERMIT#old-permit-0001', SK: 'PERMIT' } }).resolves({ Item: foreign });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await issueResidentParkingDocuments(application({ form: validForm({ renewalOf: 'old-permit-0001' }) }), context);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // No update of the foreign permit: the new permit, lock, expiry entry and the permit count.
    expect(items.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Put', 'Put', 'Update']);
    expect(items[3]!.Update!.Key!.PK).toMatch(/#KPI#/);
    expect(items[0]!.Put!.Item).toMatchObject({ validFrom: '2026-03-10' });
    expect(items[0]!.Put!.Item!.renewalOf).toBeUndefined();
  });
});
