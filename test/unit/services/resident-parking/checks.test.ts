import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateChecks, PROOF_KIND, type CheckInput } from '../../../../functions/services/resident-parking/checks.ts';
import { residentParking } from '../../../../functions/services/resident-parking/service.ts';
import { addressKey } from '../../../../functions/services/resident-parking/zones.ts';
import { application, neussConfig, permit, validForm } from './fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const config = neussConfig();

function input(overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    applicationId: 'app-0001',
    applicantId: 'citizen-1',
    form: validForm(),
    documents: [],
    today: '2026-03-10',
    settings: config.residentParking!,
    zones: config.parkingZones,
    platePermits: [],
    householdPermits: [],
    ...overrides,
  };
}

const codes = (outcome: { findings: Array<{ code: string }> }) => outcome.findings.map((finding) => finding.code);

describe('the automated checks', () => {
  it('approve an application with nothing to doubt', () => {
    expect(evaluateChecks(input())).toEqual({ decision: 'approve', findings: [] });
  });

  it('send a second permit for a plate to review, naming until when the first is valid', () => {
    const outcome = evaluateChecks(input({ platePermits: [permit({ holderId: 'someone-else', validTo: '2026-11-30' })] }));
    expect(outcome.decision).toBe('review');
    expect(outcome.findings).toEqual([
      expect.objectContaining({ code: 'plate-has-permit', severity: 'review', message: expect.stringContaining('bis 30.11.2026') }),
    ]);
  });

  it('ignore revoked and expired permits of the plate, and the permit the application renews', () => {
    const platePermits = [
      permit({ permitId: 'revoked-permit-1', status: 'revoked', validTo: '2026-12-31' }),
      permit({ permitId: 'expired-permit-1', validTo: '2026-03-09' }),
      permit({ permitId: 'renewed-permit-1', validTo: '2026-03-31' }),
    ];
    const renewed = platePermits[2]!;
    expect(evaluateChecks(input({ platePermits, renewed, form: validForm({ renewalOf: 'renewed-permit-1' }) }))).toEqual({ decision: 'approve', findings: [] });
  });

  it('do not let someone renew another holder’s permit', () => {
    const other = permit({ permitId: 'others-permit-1', holderId: 'someone-else' });
    const outcome = evaluateChecks(input({ platePermits: [other], renewed: other, form: validForm({ renewalOf: 'others-permit-1' }) }));
    expect(codes(outcome)).toEqual(['plate-has-permit', 'renewal-unknown']);
  });

  it('send the application to review when the household already holds the maximum of permits', () => {
    const householdPermits = [permit({ permitId: 'household-1', plate: 'NE-X 1' }), permit({ permitId: 'household-2', plate: 'NE-X 2' })];
    const outcome = evaluateChecks(input({ householdPermits }));
    expect(codes(outcome)).toEqual(['household-limit']);
    expect(outcome.findings[0]!.message).toContain('bereits 2 gültige Bewohnerparkausweise (Höchstzahl je Haushalt: 2)');
    expect(evaluateChecks(input({ householdPermits: householdPermits.slice(1) })).decision).toBe('approve');
    expect(evaluateChecks(input({ householdPermits, settings: { ...config.residentParking!, maxPermitsPerHousehold: 0 } })).decision).toBe('approve');
  });

  it('ask for a look at the proof of a company car or lease', () => {
    const form = validForm({ vehicle: { relation: 'lease', proofUploadId: 'upload-1' } });
    const proof = { documentId: 'upload-1', kind: PROOF_KIND, title: 'Leasingvertrag.pdf', fileName: 'Leasingvertrag.pdf', contentType: 'application/pdf', key: 'neuss/uploads/upload-1', direction: 'uploaded' as const, createdAt: '2026-03-01T09:00:00Z' };
    const withProof = evaluateChecks(input({ form, documents: [proof] }));
    expect(withProof.decision).toBe('review');
    expect(withProof.findings).toEqual([expect.objectContaining({ code: 'proof-review', message: expect.stringMatching(/^Nachweis prüfen: Das Fahrzeug ist geleast/) })]);
    const withoutProof = evaluateChecks(input({ form }));
    expect(withoutProof.findings).toEqual([expect.objectContaining({ code: 'proof-missing', message: expect.stringMatching(/^Nachweis prüfen/) })]);
  });

  it('flag a registration at the address within the last 14 days', () => {
    const recent = evaluateChecks(input({ form: validForm({ registeredAtAddressSince: '2026-02-24' }) }));
    expect(recent.findings).toEqual([expect.objectContaining({ code: 'recent-registration', message: expect.stringMatching(/^Ummeldung sehr kurz zurück: gemeldet seit 24\.02\.2026 \(vor 14 Tagen\)/) })]);
    expect(evaluateChecks(input({ form: validForm({ registeredAtAddressSince: '2026-02-23' }) })).decision).toBe('approve');
  });

  it('flag an address that is no longer in the zone after a configuration change', () => {
    const zones = config.parkingZones.filter((zone) => zone.id !== 'NE-1');
    expect(codes(evaluateChecks(input({ zones })))).toEqual(['zone-mismatch']);
  });
});

describe('runChecks of the service', () => {
  beforeEach(() => {
    ddb.reset();
  });

  it('asks the permit store for the plate and the household as of the check day', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [{ ...permit({ holderId: 'someone-else', validTo: '2026-12-31' }), PK: 'x', GSI1PK: 'y' }] });
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: [] });
    const outcome = await residentParking.runChecks(application(), { tenantId: 'neuss', config, now: new Date('2026-03-10T10:00:00Z') });
    expect(codes(outcome)).toEqual(['plate-has-permit']);
    const [plateQuery, householdQuery] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(plateQuery).toMatchObject({ IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': 'neuss#PLATE#NE-AB 1234', ':from': '2026-03-10' } });
    expect(householdQuery).toMatchObject({
      IndexName: 'GSI2',
      ExpressionAttributeValues: { ':pk': `neuss#HOUSEHOLD#${addressKey(validForm().residence)}`, ':from': '2026-03-10' },
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('approves when the store finds nothing', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const outcome = await residentParking.runChecks(application(), { tenantId: 'neuss', config, now: new Date('2026-03-10T10:00:00Z') });
    expect(outcome).toEqual({ decision: 'approve', findings: [] });
  });

  it('reads the renewed permit and accepts a renewal of the applicant’s own permit', async () => {
    const old = permit({ permitId: 'renewed-permit-1', validTo: '2026-03-31' });
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [old] });
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: [old] });
    ddb.on(GetCommand).resolves({ Item: old });
    const outcome = await residentParking.runChecks(application({ form: validForm({ renewalOf: 'renewed-permit-1' }) }), {
      tenantId: 'neuss',
      config,
      now: new Date('2026-03-10T10:00:00Z'),
    });
    expect(outcome.decision).toBe('approve');
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: 'neuss#PERMIT#renewed-permit-1', SK: 'PERMIT' });
  });
});
