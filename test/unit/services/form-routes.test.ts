import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as listBusinesses } from '../../../functions/services/business/list-businesses.handler.ts';
import { handler as quote } from '../../../functions/services/quote.handler.ts';
import { handler as listZones } from '../../../functions/services/resident-parking/list-zones.handler.ts';
import { handler as lookupZone } from '../../../functions/services/resident-parking/lookup-zone.handler.ts';
import { call, httpEvent, type TestCaller } from '../../support/events.ts';
import { gmbhOperator, registrationForm } from './business/fixtures.ts';
import { neussConfig, validForm } from './resident-parking/fixtures.ts';

/**
 * The routes the web app's forms use besides the submission: the parking zones and the zone of an address, the fee
 * quote before submitting, and the caller's businesses for the Betriebs-ID picker.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const citizen: TestCaller = { tenantId: 'neuss', roles: ['citizen'], sub: 'citizen-1' };
const business: TestCaller = { tenantId: 'neuss', roles: ['business'], sub: 'business-1' };
const configKey = { PK: 'neuss#TENANT', SK: 'CONFIG' };
const fees = {
  ...neussConfig().feeSchedules,
  'business-registration': [{ validFrom: '2026-01-01', legalBasis: 'Gebührenordnung 2026', amounts: { standard: 2600, 'legal-entity': 4000 } }],
};
const givenConfig = (overrides = {}) =>
  ddb.on(GetCommand, { Key: configKey }).resolves({ Item: { ...configKey, version: 1, config: neussConfig({ enabledServices: ['resident-parking', 'business-registration'], feeSchedules: fees, ...overrides }) } });

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /parking-zones and POST /parking-zones/lookup', () => {
  it("lists the tenant's zones with their streets from its configuration", async () => {
    givenConfig();
    const result = await call(listZones, httpEvent({ routeKey: 'GET /parking-zones', caller: citizen }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items.map((zone: { id: string; name: string }) => [zone.id, zone.name])).toEqual([
      ['NE-1', 'Innenstadt'],
      ['NE-2', 'Hafen'],
    ]);
    expect(result.body.items[0].streets[0]).toEqual({ street: 'Oberstraße', postcode: '41460', houseNumbers: { from: 1, to: 99, parity: 'all' } });
  });

  it.each([
    ['an address in one zone, in any spelling', { street: 'Oberstr.', houseNumber: '12 a', postcode: '41460' }, [{ id: 'NE-1', name: 'Innenstadt' }]],
    ['the even side of a border street', { street: 'Krefelder Straße', houseNumber: '8', postcode: '41460', city: 'Neuss' }, [{ id: 'NE-1', name: 'Innenstadt' }]],
    ['the odd side of it', { street: 'Krefelder Straße', houseNumber: '9', postcode: '41460' }, [{ id: 'NE-2', name: 'Hafen' }]],
    ['an address outside every zone', { street: 'Büchel', houseNumber: '1', postcode: '41460' }, []],
  ])('resolves %s by the same rule the application check uses', async (_case, body, zones) => {
    givenConfig();
    const result = await call(lookupZone, httpEvent({ routeKey: 'POST /parking-zones/lookup', caller: citizen, body }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ zones });
  });

  it('refuses an incomplete address with the form\'s own German messages, before reading anything', async () => {
    const result = await call(lookupZone, httpEvent({ routeKey: 'POST /parking-zones/lookup', caller: citizen, body: { street: '', houseNumber: 'x', postcode: '4146' } }));
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([
      { field: 'body/street', message: 'Bitte geben Sie die Straße an.' },
      { field: 'body/houseNumber', message: 'Bitte geben Sie eine Hausnummer wie 12 oder 12a an.' },
      { field: 'body/postcode', message: 'Die Postleitzahl hat 5 Ziffern.' },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /services/{id}/quote', () => {
  const post = (id: string, form: unknown, caller: typeof citizen = citizen) =>
    call(quote, httpEvent({ routeKey: 'POST /services/{id}/quote', caller, pathParameters: { id }, body: { form } }));

  it('answers the fee of the form from the schedule in force, named in the service\'s words, and writes nothing', async () => {
    givenConfig();
    const result = await post('resident-parking', validForm({ validityMonths: 6 }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ fee: { amountCents: 6000, currency: 'EUR', legalBasis: 'Gebührenordnung 2026', label: 'Ausweis für 6 Monate' } });
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetCommand']);
  });

  it('prices a Gewerbeanzeige by the legal form, as the submission will', async () => {
    givenConfig();
    const soleTrader = await post('business-registration', registrationForm(), business);
    expect(soleTrader.body.fee).toMatchObject({ amountCents: 2600, label: 'Gewerbeanzeige' });
    const company = await post('business-registration', registrationForm({ operator: gmbhOperator() }), business);
    expect(company.body.fee).toMatchObject({ amountCents: 4000, label: 'Gewerbeanzeige einer juristischen Person' });
  });

  it.each([
    ['an invalid form', validForm({ plate: 'kein kennzeichen' }), 400, 'body/form/plate'],
    ['an address outside every zone (the service\'s check at submission)', validForm({ residence: { street: 'Büchel', houseNumber: '1', postcode: '41460', city: 'Neuss' } }), 422, 'body/form/residence'],
    ['a vehicle over the weight limit', validForm({ vehicle: { relation: 'keeper', weightKg: 7500 } }), 422, 'body/form/vehicle/weightKg'],
  ])('refuses %s as the submission would, naming the field', async (_case, form, status, field) => {
    givenConfig();
    const result = await post('resident-parking', form);
    expect(result.statusCode).toBe(status);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('refuses a service the tenant does not offer online', async () => {
    givenConfig({ enabledServices: ['business-registration'] });
    const result = await post('resident-parking', validForm());
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toBe('Der Dienst „resident-parking“ wird von Ihrer Verwaltung nicht online angeboten.');
  });
});

describe('GET /businesses', () => {
  it("lists the caller's businesses from the tenant's register through the owner index, newest registration first", async () => {
    const entry = (businessId: string, registeredOn: string, status = 'active') => ({
      PK: `neuss#TRADE#${businessId}`,
      SK: 'ENTRY',
      GSI1PK: 'neuss#TRADE-OWNER#business-1',
      GSI1SK: `${registeredOn}#${businessId}`,
      businessId,
      ownerId: 'business-1',
      lastApplicationId: 'app-1',
      name: 'Max Gewerbe',
      tradeName: 'Max Rad-Versand',
      premises: { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' },
      activity: 'Online-Handel mit Fahrradzubehör',
      wzCode: '47.91.1',
      registeredOn,
      caseNumber: 'NE-GEW-2026-000001',
      status,
      version: 1,
      updatedAt: '2026-03-01T10:00:00.000Z',
      internalNote: 'not for the answer',
    });
    ddb.on(QueryCommand).resolves({ Items: [entry('b-2', '2026-02-01'), entry('b-1', '2025-01-01', 'deregistered')] });
    const result = await call(listBusinesses, httpEvent({ routeKey: 'GET /businesses', caller: business }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items.map((item: { businessId: string; status: string; statusLabel: string }) => [item.businessId, item.status, item.statusLabel])).toEqual([
      ['b-2', 'active', 'Angemeldet'],
      ['b-1', 'deregistered', 'Abgemeldet'],
    ]);
    for (const internal of ['PK', 'GSI1PK', 'ownerId', 'lastApplicationId', 'internalNote']) expect(result.body.items[0]).not.toHaveProperty(internal);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': 'neuss#TRADE-OWNER#business-1' }, ScanIndexForward: false });
  });
});
