import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from '../../../../functions/core/zod.ts';
import { addressChange, checkFindings } from '../../../../functions/services/address-change/service.ts';
import { issueAddressChangeDocuments } from '../../../../functions/services/address-change/issuer.ts';
import { handoverIdFor } from '../../../../functions/services/address-change/handover.ts';
import { createReport } from '../../../../functions/services/address-change/store.ts';
import { countyHandoverTask, vehicleSettings, zb1NextSteps } from '../../../../functions/services/address-change/variant.ts';
import { addressChangeSettingsSchema, tenantConfigPatchSchema } from '../../../../functions/tenants/schemas.ts';
import { drawnLines } from '../../../support/pdf.ts';
import { sessionCalls } from '../../../support/tenant-scoped-table.ts';
import { countyAcceptanceItem, juechenConfig, moveApplication, moveForm, pilotConfig } from './fixtures.ts';

const documents = vi.hoisted(() => ({ putIssuedDocument: vi.fn(async (input: { kind: string; title: string; fileName: string; contentType: string; bytes: Uint8Array }) => ({ ...input, documentId: 'd', key: 'k', direction: 'issued' as const, createdAt: '2026-03-10T10:00:00.000Z' })) }));
vi.mock('#functions/documents/store', () => ({ putIssuedDocument: documents.putIssuedDocument }));
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const ddb = mockClient(DynamoDBDocumentClient);
const now = new Date('2026-03-10T10:00:00Z');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const cancelled = (...codes: string[]) => Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  ddb.reset();
  sessionCalls.length = 0;
  documents.putIssuedDocument.mockClear();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand).resolves({});
});

describe('the vehicle variant in the tenant configuration', () => {
  const sticker = { vehicleVariant: 'town-office-sticker', stickerFeeCents: 1080, feeBasis: 'GebOSt, Anlage, Gebührennummer', feeValidFrom: '2026-01-01' };

  it('accepts both variants, and no configuration means the county changes the ZB I later', () => {
    expect(z.safeParse(addressChangeSettingsSchema, { vehicleVariant: 'county-later' }).success).toBe(true);
    expect(z.safeParse(addressChangeSettingsSchema, sticker).success).toBe(true);
    expect(vehicleSettings(juechenConfig())).toEqual({ vehicleVariant: 'county-later' });
    expect(z.safeParse(tenantConfigPatchSchema, { addressChange: sticker }).success).toBe(true);
  });

  it.each([
    ['an unknown variant', { vehicleVariant: 'county-now' }, ['vehicleVariant'], 'Bitte eine Variante wählen: county-later oder town-office-sticker.'],
    ['a negative fee', { ...sticker, stickerFeeCents: -1 }, ['stickerFeeCents'], 'Beträge sind nicht negativ.'],
    ['a fee in euros instead of cents', { ...sticker, stickerFeeCents: 10.8 }, ['stickerFeeCents'], 'Bitte einen Betrag in Cent angeben.'],
    ['a fee basis too short to name the GebOSt number', { ...sticker, feeBasis: 'GebOSt' }, ['feeBasis'], 'Bitte die Rechtsgrundlage der Gebühr angeben (z. B. GebOSt mit Gebührennummer).'],
    ['a sticker variant without its fee', { vehicleVariant: 'town-office-sticker', feeBasis: sticker.feeBasis, feeValidFrom: '2026-01-01' }, ['stickerFeeCents'], undefined],
    ['a fee on the county-later variant (nothing to charge)', { vehicleVariant: 'county-later', stickerFeeCents: 1080 }, [], undefined],
  ])('refuses %s with a German message at the field', (_name, value, path, message) => {
    const result = z.safeParse(addressChangeSettingsSchema, value);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(path);
    if (message) expect(issue.message).toBe(message);
  });
});

describe('the fee and the quote per variant', () => {
  const context = (config = juechenConfig()) => ({ tenantId: 'juechen', config, now });

  it('keeps the change of address free where the county changes the ZB I, with or without vehicles', () => {
    for (const vehicles of [[], moveForm().vehicles]) {
      expect(addressChange.feeFor(moveForm({ vehicles }), context())).toMatchObject({ feeKey: 'free', amountCents: 0 });
    }
  });

  it('charges the pilot’s sticker per named vehicle with its fee basis, and nothing without vehicles', () => {
    expect(addressChange.feeFor(moveForm({ vehicles: [] }), context(pilotConfig()))).toMatchObject({ feeKey: 'free', amountCents: 0 });
    const one = addressChange.feeFor(moveForm({ vehicles: moveForm().vehicles.slice(0, 1) }), context(pilotConfig()));
    expect(one).toMatchObject({ feeKey: 'zb1-sticker', amountCents: 1080, currency: 'EUR', scheduleValidFrom: '2026-01-01' });
    expect(one.legalBasis).toContain('Anmeldung gebührenfrei');
    expect(one.legalBasis).toContain('GebOSt, Anlage, Gebührennummer (Test)');
    expect(addressChange.feeFor(moveForm(), context(pilotConfig()))).toMatchObject({ amountCents: 2160 });
    // The amount is the tenant's: another amount, another fee.
    const cheaper = pilotConfig({ addressChange: { vehicleVariant: 'town-office-sticker', stickerFeeCents: 900, feeBasis: 'GebOSt, Anlage, Gebührennummer', feeValidFrom: '2026-01-01' } });
    expect(addressChange.feeFor(moveForm(), context(cheaper)).amountCents).toBe(1800);
  });

  it('tells the citizen before submitting what happens with the ZB I in their town, in each variant', () => {
    const [pilot] = addressChange.quoteNotes!(moveForm(), context(pilotConfig()));
    expect(pilot).toContain('Bürgerbüro der Stadt Jüchen');
    expect(pilot).toContain('Aufkleber');
    expect(pilot).toContain('10,80 € je Fahrzeugschein');
    expect(pilot).toContain('Sie müssen nicht zur Zulassungsstelle');
    const [later] = addressChange.quoteNotes!(moveForm(), context());
    expect(later).toContain('Zulassungsstelle des Kreises');
    expect(later).not.toContain('Aufkleber');
    expect(zb1NextSteps(vehicleSettings(pilotConfig()), { townName: 'Stadt Jüchen', vehicles: 0 })).toContain('kein Fahrzeug');
  });

  it('needs the report to the county in the pilot and the county’s task otherwise, declared and accepted', () => {
    expect(countyHandoverTask(vehicleSettings(pilotConfig()))).toBe('vehicle-registration-report');
    const findings = (config: ReturnType<typeof juechenConfig>, acceptances: unknown[]) =>
      checkFindings(moveForm(), { tenantId: 'juechen', config, today: '2026-03-10', acceptances: acceptances as never }).map((f) => f.code).filter((code) => !code.startsWith('landlord'));
    expect(findings(pilotConfig(), [countyAcceptanceItem('juechen', 'vehicle-registration-report')])).toEqual([]);
    // The county accepting the other task does not do: the report is what the pilot hands over.
    expect(findings(pilotConfig(), [countyAcceptanceItem('juechen', 'vehicle-registration-update')])).toEqual(['handover-not-agreed']);
    expect(findings(pilotConfig({ handovers: [{ service: 'address-change', to: 'rhein-kreis-neuss', task: 'vehicle-registration-update' }] }), [])).toEqual(['handover-not-declared']);
    expect(findings(juechenConfig(), [countyAcceptanceItem()])).toEqual([]);
  });
});

describe('issuing in the pilot', () => {
  it('makes one sticker task per vehicle in the town’s own partition and writes nothing for the county', async () => {
    const app = moveApplication();
    await issueAddressChangeDocuments(app, { tenantId: 'juechen', config: pilotConfig(), now });
    const writes = sessionCalls.filter((call) => !['QueryCommand', 'GetCommand'].includes(call.command));
    expect(writes.map(({ tenant, command }) => [tenant, command])).toEqual([
      ['juechen', 'TransactWriteCommand'],
      ['juechen', 'PutCommand'],
      ['juechen', 'TransactWriteCommand'],
      ['juechen', 'PutCommand'],
    ]);
    const id = handoverIdFor('juechen', app.applicationId, 'NE-AB 1234');
    const items = writes[0]!.input.TransactItems;
    // Task, published status and the town's counter of tasks received (annual report): no agreement to check, nothing
    // outside the town.
    expect(items).toHaveLength(3);
    expect(items.every((item: { Put?: { Item: { PK: string } }; Update?: { Key: { PK: string } } }) => (item.Put?.Item.PK ?? item.Update?.Key.PK)!.startsWith('juechen#'))).toBe(true);
    expect(items[0].Put.Item).toMatchObject({ PK: `juechen#HANDOVER#${id}`, SK: 'TASK', GSI1PK: 'juechen#VREG-TASKS#open', task: 'zb1-address-sticker', tenantId: 'juechen', fromTenantId: 'juechen' });
    expect(writes[1]!.input.Item).toMatchObject({ PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${id}`, to: 'juechen', task: 'zb1-address-sticker' });
    expect(JSON.stringify(sessionCalls)).not.toContain('rhein-kreis-neuss#');
    const text = (await drawnLines(documents.putIssuedDocument.mock.calls[0]![0].bytes)).map((line) => line.text).join(' ');
    expect(text).toContain('Bürgerbüro (Stadt Jüchen)');
    expect(text).not.toContain('an die Zulassungsstelle');
    // Renders the Meldebestätigung (fonts, PDF/UA structure): seconds on a loaded machine.
  }, 30_000);
});

describe('the report to the county', () => {
  const report = {
    handoverId: 'h'.repeat(22),
    fromTenantId: 'juechen',
    fromTenantName: 'Stadt Jüchen',
    caseNumber: 'JU-UMZ-2026-000001',
    plate: 'JU-AB 123',
    zb1Number: 'AB1234567',
    newAddress: { street: 'Am Rathaus', houseNumber: '3', postcode: '41363', city: 'Jüchen' },
    moveDate: '2026-03-08',
    stickerAppliedAt: '2026-03-10T10:00:00.000Z',
    reportedAt: '2026-03-10T10:00:01.000Z',
  };
  const acceptance = { ConditionCheck: { TableName: 't', Key: { PK: 'rhein-kreis-neuss#HANDOVER-AGREEMENTS', SK: 'x' }, ConditionExpression: 'attribute_exists(PK)' } };

  it('writes the report and the register entry in one transaction in the county’s partition, under its acceptance', async () => {
    expect(await createReport(db, 'rhein-kreis-neuss', report, acceptance)).toBe('created');
    const [items] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(items![0]!.Put!.Item).toMatchObject({ PK: `rhein-kreis-neuss#VREG-REPORT#${report.handoverId}`, GSI1PK: 'rhein-kreis-neuss#VREG-REPORTS', registerUpdated: true });
    expect(items![1]!.Put!.Item).toMatchObject({ PK: 'rhein-kreis-neuss#VEHICLE#JU-AB123', SK: 'REGISTER', address: report.newAddress, addressSince: '2026-03-08' });
    expect(items![2]).toBe(acceptance);
  });

  it('keeps a later move in the register and still records the report; a repeat is no second report; without acceptance nothing', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None')).resolves({});
    expect(await createReport(db, 'rhein-kreis-neuss', report, acceptance)).toBe('created');
    const second = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(second).toHaveLength(2);
    expect(second[0]!.Put!.Item).toMatchObject({ registerUpdated: false });

    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await createReport(db, 'rhein-kreis-neuss', report, acceptance)).toBe('exists');
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    expect(await createReport(db, 'rhein-kreis-neuss', report, acceptance)).toBe('not-accepted');
  });
});
