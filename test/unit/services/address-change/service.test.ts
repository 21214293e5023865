import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
import { juechenConfig, moveApplication, moveForm } from './fixtures.ts';

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

const ddb = mockClient(DynamoDBDocumentClient);
const now = new Date('2026-03-10T10:00:00Z');

beforeEach(() => {
  ddb.reset();
  documents.putIssuedDocument.mockClear();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  // The county's configuration: the Meldebestätigung names the receiving authority by its display name.
  ddb.on(GetCommand, { Key: { PK: 'rhein-kreis-neuss#TENANT', SK: 'CONFIG' } }).resolves({ Item: { version: 1, config: juechenConfig({ displayName: 'Rhein-Kreis Neuss' }) } });
});

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

  it('approves automatically up to five vehicles with a declared handover', async () => {
    const outcome = await addressChange.runChecks(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    expect(outcome).toEqual({ decision: 'approve', findings: [] });
  });

  it('sends more than five vehicles, or vehicles without a declared handover, to a caseworker with a German explanation', () => {
    const six = Array.from({ length: 6 }, (_, index) => ({ plate: `NE-A ${index + 1}`, zb1Number: 'AB1234567' }));
    expect(checkFindings(moveForm({ vehicles: six }), { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10' }).map((f) => f.code)).toEqual(['many-vehicles']);
    const undeclared = checkFindings(moveForm(), { tenantId: 'juechen', config: juechenConfig({ handovers: [] }), today: '2026-03-10' });
    expect(undeclared).toEqual([expect.objectContaining({ code: 'handover-not-declared', severity: 'review' })]);
    expect(undeclared[0]!.message).toContain('Zulassungsstelle');
    expect(checkFindings(moveForm({ vehicles: [] }), { tenantId: 'juechen', config: juechenConfig({ handovers: [] }), today: '2026-03-10' })).toEqual([]);
    expect(checkFindings(moveForm({ moveDate: '2026-02-01' }), { tenantId: 'juechen', config: juechenConfig(), today: '2026-03-10' })).toEqual([
      expect.objectContaining({ code: 'late-registration', severity: 'info' }),
    ]);
  });

  it('issues the Meldebestätigung and one transaction per vehicle: county task + published status + municipality mirror', async () => {
    const app = moveApplication();
    const issued = await issueAddressChangeDocuments(app, { tenantId: 'juechen', config: juechenConfig(), now });
    expect(issued).toEqual([expect.objectContaining({ documentId: `umz-${app.applicationId}`, title: 'Meldebestätigung', kind: 'registration-confirmation' })]);
    const transactions = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(transactions).toHaveLength(2);
    const id = handoverIdFor('juechen', app.applicationId, 'NE-AB 1234');
    const [task, status, mirror] = transactions[0]!.map((item) => item.Put!.Item!);
    expect(task).toMatchObject({ PK: `rhein-kreis-neuss#HANDOVER#${id}`, SK: 'TASK', GSI1PK: 'rhein-kreis-neuss#VREG-TASKS#open', plate: 'NE-AB 1234' });
    expect(status).toMatchObject({ PK: `rhein-kreis-neuss#HANDOVER#${id}`, SK: 'STATUS', GSI1PK: 'juechen#HANDOVER-STATUS#JU-UMZ-2026-000001', GSI1SK: id });
    expect(mirror).toMatchObject({ PK: `juechen#APP#${app.applicationId}`, SK: `HANDOVER#${id}`, status: 'open' });
    expect(transactions[0]!.every((item) => item.Put!.ConditionExpression === 'attribute_not_exists(PK)')).toBe(true);
  });

  it('prints the Meldebestätigung with the municipality’s letterhead and the county by its name, never a tenant id, within the margins', async () => {
    await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now });
    const lines = await drawnLines(documents.putIssuedDocument.mock.calls[0]![0].bytes);
    const text = lines.map((line) => line.text).join('\n');
    expect(text).toContain('Stadt Jüchen');
    expect(text).toContain('an die Zulassungsstelle (Rhein-Kreis Neuss)');
    expect(text).not.toMatch(/rhein-kreis-neuss|\(juechen\)/);
    expect(lines.filter((line) => line.x < MARGIN || line.x + line.width > line.pageWidth - MARGIN)).toEqual([]);
  });

  it('is safe to retry: handovers written before are left as they are', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] }));
    await expect(issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig(), now })).resolves.toHaveLength(1);
  });

  it('hands nothing over when the municipality declared no handover', async () => {
    await issueAddressChangeDocuments(moveApplication(), { tenantId: 'juechen', config: juechenConfig({ handovers: undefined }), now });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
