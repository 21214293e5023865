import type { Finding } from '../../../../functions/applications/model.ts';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Unprocessable } from '../../../../functions/core/problem.ts';
import { serviceById } from '../../../../functions/services/catalog.ts';
import { serviceDescriptor } from '../../../../functions/services/descriptors.ts';
import { documentIssuer } from '../../../../functions/services/issuers.ts';
import { addressChangeDescriptor } from '../../../../functions/services/address-change/descriptor.ts';
import { issueAddressChangeDocuments } from '../../../../functions/services/address-change/issuer.ts';
import { addressChange, checkFindings, cityBelongsTo } from '../../../../functions/services/address-change/service.ts';
import { handoverIdFor } from '../../../../functions/services/address-change/handover.ts';
import { MARGIN } from '../../../../functions/documents/pdf-kit.ts';
import { drawnLines } from '../../../support/pdf.ts';
import { sessionCalls } from '../../../support/tenant-scoped-table.ts';
import { countyAcceptanceItem, juechenConfig, moveApplication, moveForm } from './fixtures.ts';

const documents = vi.hoisted(() => ({
  putIssuedDocument: vi.fn(async (input: { tenantId: string; applicationId: string; kind: string; title: string; fileName: string; contentType: string; documentId?: string; bytes: Uint8Array }) => ({
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
vi.mock('#functions/documents/store', () => ({ putIssuedDocument: documents.putIssuedDocument }));
// As in AWS: the issuing step has no whole-table rights, only tenant-scoped sessions (dynamodb:LeadingKeys).
vi.mock('#core/ddb', async (original) => (await import('../../../support/tenant-scoped-table.ts')).tenantScopedDdb(await original()));

const ddb = mockClient(DynamoDBDocumentClient);
const now = new Date('2026-03-10T10:00:00Z');

const cancelled = (...codes: string[]) =>
  Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  ddb.reset();
  sessionCalls.length = 0;
  documents.putIssuedDocument.mockClear();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': 'juechen#HANDOVER-ACCEPTED' } }).resolves({ Items: [countyAcceptanceItem()] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  // The county's configuration: the Meldebestätigung names the receiving authority by its display name.
  ddb.on(GetCommand, { Key: { PK: 'rhein-kreis-neuss#TENANT', SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: juechenConfig({ displayName: 'Rhein-Kreis Neuss' }) } });
});

/** The findings that decide, without the note about the landlord's confirmation that every application carries. */
const withoutLandlord = (findings: readonly Finding[]) => findings.filter((finding) => !finding.code.startsWith('landlord-confirmation'));

describe('the address-change service module', () => {
  it('is in the catalogue, free of charge, with case code UMZ and a LeiKa URN', () => {
    expect(serviceById('address-change')).toBe(addressChange);
    expect(serviceDescriptor('address-change')).toBe(addressChangeDescriptor);
    expect(documentIssuer('address-change')).toBe(issueAddressChangeDocuments);
    expect(addressChange.caseCode).toBe('UMZ');
    expect(addressChange.leikaKey).toMatch(/^urn:de:fim:leika:leistung:\d{14}$/);
    expect(addressChange.feeFor(moveForm(), { tenantId: 'juechen', config: juechenConfig(), now }).amountCents).toBe(0);
  });

  it('accepts only a new address in the municipality and a real change', () => {
    expect(cityBelongsTo('Jüchen', juechenConfig())).toBe(true);
    expect(cityBelongsTo('juechen', juechenConfig())).toBe(true);
    expect(cityBelongsTo('Jüchen-Hochneukirch', juechenConfig())).toBe(true);
    expect(cityBelongsTo('Neuss', juechenConfig())).toBe(false);
    const context = { tenantId: 'juechen', config: juechenConfig(), now };
    expect(() => addressChange.assess(moveForm({ newAddress: { street: 'Büchel', houseNumber: '1', postcode: '41460', city: 'Neuss' } }), context)).toThrow(Unprocessable);
    expect(() => addressChange.assess(moveForm({ newAddress: { street: 'markt', houseNumber: '5', postcode: '41363', city: 'Jüchen' } }), context)).toThrow(/dieselbe/);
    expect(() => addressChange.assess(moveForm(), context)).not.toThrow();
  });

  it('approves automatically up to five vehicles with a handover the municipality declares and the county accepts', async () => {
    const outcome = await addressChange.runChecks(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    expect(outcome).toEqual({ decision: 'approve', findings: [expect.objectContaining({ code: 'landlord-confirmation-code', severity: 'info' })] });
    // The county's acceptance is read with Jüchen's own session, through the index under Jüchen's id.
    expect(sessionCalls.map(({ tenant, command }) => [tenant, command])).toEqual([['juechen', 'QueryCommand']]);
  });

  it('sends a declared handover that the county does not (or no longer) accept to a caseworker', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [] });
    const outcome = await addressChange.runChecks(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    expect(outcome.decision).toBe('review');
    expect(withoutLandlord(outcome.findings)).toEqual([expect.objectContaining({ code: 'handover-not-agreed', severity: 'review' })]);
    expect(outcome.findings[0]!.message).toContain('Zulassungsstelle');
  });

  it('shows the caseworker how the landlord’s confirmation came (§ 19 BMG): the code to match, or the file among the uploads', () => {
    const context = { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10', acceptances: [countyAcceptanceItem()] };
    const byCode = checkFindings(moveForm(), context).filter((finding) => finding.code.startsWith('landlord'));
    expect(byCode).toEqual([{ code: 'landlord-confirmation-code', severity: 'info', message: expect.stringContaining('Zuordnungsmerkmal WGB-2026-4711') }]);
    const upload = moveForm({ landlordConfirmation: { kind: 'upload', uploadId: 'u-42' } });
    expect(checkFindings(upload, context).filter((finding) => finding.code.startsWith('landlord'))).toEqual([expect.objectContaining({ code: 'landlord-confirmation-upload', severity: 'info' })]);
    expect(addressChange.uploadsIn!(upload)).toEqual([{ uploadId: 'u-42', kind: 'landlord-confirmation' }]);
    expect(addressChange.uploadsIn!(moveForm())).toEqual([]);
  });

  it('sends more than five vehicles, or vehicles without a declared handover, to a caseworker with a German explanation', () => {
    const accepted = [countyAcceptanceItem()];
    const six = Array.from({ length: 6 }, (_, index) => ({ plate: `NE-A ${index + 1}`, zb1Number: 'AB1234567' }));
    expect(withoutLandlord(checkFindings(moveForm({ vehicles: six }), { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10', acceptances: accepted })).map((f) => f.code)).toEqual(['many-vehicles']);
    const undeclared = withoutLandlord(checkFindings(moveForm(), { tenantId: 'juechen', config: juechenConfig({ handovers: [] }), today: '2026-03-10', acceptances: accepted }));
    expect(undeclared).toEqual([expect.objectContaining({ code: 'handover-not-declared', severity: 'review' })]);
    expect(undeclared[0]!.message).toContain('Zulassungsstelle');
    expect(withoutLandlord(checkFindings(moveForm({ vehicles: [] }), { tenantId: 'juechen', config: juechenConfig({ handovers: [] }), today: '2026-03-10', acceptances: [] }))).toEqual([]);
    expect(withoutLandlord(checkFindings(moveForm({ moveDate: '2026-02-01' }), { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10', acceptances: accepted }))).toEqual([
      expect.objectContaining({ code: 'late-registration', severity: 'info' }),
    ]);
    // An acceptance for another municipality is not Jüchen's.
    expect(withoutLandlord(checkFindings(moveForm(), { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10', acceptances: [countyAcceptanceItem('kaarst')] })).map((f) => f.code)).toEqual([
      'handover-not-agreed',
    ]);
  });

  it('writes each handover with the session of the partition it writes: the county first (task, status, its acceptance as condition), then Jüchen', async () => {
    const app = moveApplication();
    const issued = await issueAddressChangeDocuments(app, { tenantId: 'juechen', config: juechenConfig(), now });
    expect(issued).toEqual([expect.objectContaining({ documentId: `umz-${app.applicationId}`, title: 'Meldebestätigung', kind: 'registration-confirmation' })]);
    const writes = sessionCalls.filter((call) => !['QueryCommand', 'GetCommand'].includes(call.command));
    expect(writes.map(({ tenant, command }) => [tenant, command])).toEqual([
      ['rhein-kreis-neuss', 'TransactWriteCommand'],
      ['juechen', 'PutCommand'],
      ['rhein-kreis-neuss', 'TransactWriteCommand'],
      ['juechen', 'PutCommand'],
    ]);
    const id = handoverIdFor('juechen', app.applicationId, 'NE-AB 1234');
    const [task, status, acceptance] = writes[0]!.input.TransactItems;
    expect(task.Put.Item).toMatchObject({ PK: `rhein-kreis-neuss#HANDOVER#${id}`, SK: 'TASK', GSI1PK: 'rhein-kreis-neuss#VREG-TASKS#open', plate: 'NE-AB 1234' });
    expect(status.Put.Item).toMatchObject({ PK: `rhein-kreis-neuss#HANDOVER#${id}`, SK: 'STATUS', GSI1PK: 'juechen#HANDOVER-STATUS#JU-UMZ-2026-000001', GSI1SK: id });
    expect([task, status].every((item) => item.Put.ConditionExpression === 'attribute_not_exists(PK)')).toBe(true);
    expect(acceptance).toEqual({
      ConditionCheck: {
        TableName: expect.any(String),
        Key: { PK: 'rhein-kreis-neuss#HANDOVER-AGREEMENTS', SK: 'ACCEPTS#address-change#vehicle-registration-update#juechen' },
        ConditionExpression: 'attribute_exists(PK)',
      },
    });
    expect(writes[1]!.input).toMatchObject({ Item: { PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${id}`, status: 'open' }, ConditionExpression: 'attribute_not_exists(PK)' });
  });

  it('prints the Meldebestätigung with the municipality’s letterhead and the county by its name, never a tenant id, within the margins', async () => {
    await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    const lines = await drawnLines(documents.putIssuedDocument.mock.calls[0]![0].bytes);
    const text = lines.map((line) => line.text).join('\n');
    expect(text).toContain('Stadt Jüchen');
    expect(text).toContain('an die Zulassungsstelle (Rhein-Kreis Neuss)');
    expect(text).not.toMatch(/rhein-kreis-neuss|\(juechen\)/);
    expect(lines.filter((line) => line.x < MARGIN - 0.01 || line.x + line.width > line.pageWidth - MARGIN + 0.01)).toEqual([]);
  });

  it('writes nothing into the county partition and no mirror when the county does not accept the handover', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const issued = await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    expect(issued).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('completes a handover after a crash between the two writes, and writes nothing twice', async () => {
    const app = moveApplication({ form: moveForm({ vehicles: [{ plate: 'NE-AB 1234', zb1Number: 'AB1234567' }] }) });
    // Attempt 1: the county's transaction commits, then the step dies before the mirror is written.
    ddb.on(PutCommand).rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    await expect(issueAddressChangeDocuments(app, { tenantId: 'juechen', config: juechenConfig(), now })).rejects.toThrow('socket hang up');
    // Attempt 2 (the workflow's retry): the county's records exist, the mirror is written.
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));
    ddb.on(PutCommand).resolves({});
    await expect(issueAddressChangeDocuments(app, { tenantId: 'juechen', config: juechenConfig(), now })).resolves.toHaveLength(1);
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(2);
    expect(puts[0]).toEqual(puts[1]);
    expect(ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!.Item!.PK)).toEqual([
      `rhein-kreis-neuss#HANDOVER#${handoverIdFor('juechen', app.applicationId, 'NE-AB 1234')}`,
      `rhein-kreis-neuss#HANDOVER#${handoverIdFor('juechen', app.applicationId, 'NE-AB 1234')}`,
    ]);
  });

  it('still hands over what an earlier attempt handed over when the county withdrew its acceptance since', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'ConditionalCheckFailed'));
    await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('hands nothing over when the municipality declared no handover', async () => {
    await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig({ handovers: undefined }), now });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
