import { describe, expect, it } from 'vitest';
import { admissionProblem } from '../../../../functions/services/business/admission.ts';
import { deregistrationFromMove, premisesMatch, relocationOf, relocationStatus } from '../../../../functions/services/business/relocation.ts';
import { searchKey } from '../../../../functions/services/business/trade-register.ts';
import { registrationForm } from './fixtures.ts';

const FIELD = 'body/form/deregistration/businessId';
const old = { businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d', premises: { street: 'Markt', houseNumber: '7', postcode: '41363', city: 'Jüchen' }, registeredOn: '2024-01-15' };

describe('which GewA2/GewA3 the register admits', () => {
  const active = { status: 'active' as const, ownerId: 'business-1' };
  it('admits an active business of the filing account, and any active one at the counter', () => {
    expect(admissionProblem(active, { applicantId: 'business-1', atCounter: false }, FIELD, 'Stadt Neuss')).toBeUndefined();
    expect(admissionProblem(active, { atCounter: true }, FIELD, 'Stadt Neuss')).toBeUndefined();
  });
  it('refuses an unknown and another account\'s business with the same words, and a closed one with its date', () => {
    const unknown = admissionProblem(undefined, { applicantId: 'business-1', atCounter: false }, FIELD, 'Stadt Neuss');
    const foreign = admissionProblem({ ...active, ownerId: 'business-2' }, { applicantId: 'business-1', atCounter: false }, FIELD, 'Stadt Neuss');
    expect(unknown).toEqual({ field: FIELD, message: expect.stringContaining('Im Gewerberegister (Stadt Neuss) ist unter dieser Betriebs-ID kein Betrieb von Ihnen angemeldet') });
    expect(foreign).toEqual(unknown);
    expect(admissionProblem({ ...active, status: 'deregistered', deregisteredOn: '2026-02-28' }, { atCounter: true }, FIELD, 'Stadt Neuss')).toEqual({
      field: FIELD,
      message: 'Dieser Betrieb ist bereits abgemeldet (zum 28.02.2026).',
    });
  });
});

describe('the Rückmeldung of a move', () => {
  const moving = registrationForm({
    registration: { startDate: '2026-03-10', reason: 'relocation-from-elsewhere', previousPremises: { street: 'Markt', houseNumber: '7', postcode: '41363', city: 'Jüchen' }, previousMunicipality: 'juechen', previousBusinessId: old.businessId },
  });

  it('is reported only for a GewA1 with the reason „Verlegung aus einem anderen Meldebezirk“', () => {
    expect(relocationOf(moving)).toMatchObject({ from: 'juechen', previousBusinessId: old.businessId });
    expect(relocationOf(registrationForm())).toBeUndefined();
  });

  it('matches the former premises the business names against the old register, spelling aside', () => {
    expect(premisesMatch(old, { street: 'markt ', houseNumber: '7', postcode: '41363', city: 'Jüchen' })).toBe(true);
    expect(premisesMatch({ ...old, premises: { ...old.premises, street: 'Kölner Straße' } }, { street: 'Kölner Str.', houseNumber: '7', postcode: '41363', city: 'Jüchen' })).toBe(true);
    expect(premisesMatch(old, { street: 'Markt', houseNumber: '8', postcode: '41363', city: 'Jüchen' })).toBe(false);
    expect(premisesMatch(old, undefined)).toBe(false);
  });

  it('builds the old office\'s deregistration from its register entry and the new GewA1', () => {
    const form = deregistrationFromMove(moving, old);
    expect(form.business.premises).toEqual(old.premises);
    expect(form.deregistration).toEqual({ endDate: '2026-03-10', businessStartedOn: '2024-01-15', reason: 'relocation-elsewhere', newPremises: moving.business.premises, businessId: old.businessId });
    expect(form.operator.persons.every((person) => person.residencePermit === undefined)).toBe(true);
  });

  it('shows one status across both offices', () => {
    const record = { applicationId: 'a', from: 'juechen', fromName: 'Stadt Jüchen', outcome: 'deregistered' as const, deregisteredOn: '2026-03-10', forwardedTo: ['IHK'], at: '2026-03-10T10:00:00Z' };
    const office = { name: 'Stadt Kaarst', statusLabel: 'x' };
    const from = { id: 'juechen', name: 'Stadt Jüchen' };
    expect(relocationStatus({ status: 'completed', caseNumber: 'KA-GEW-2026-000001' }, office, record, from).status).toBe('completed');
    expect(relocationStatus({ status: 'paid', caseNumber: 'KA-GEW-2026-000001' }, office, undefined, from)).toMatchObject({ status: 'in-progress', previousOffice: { status: 'pending' } });
    expect(relocationStatus({ status: 'completed', caseNumber: 'KA-GEW-2026-000001' }, office, { ...record, outcome: 'not-found' }, from).status).toBe('action-required');
  });
});

describe('the register search key', () => {
  it('folds case, umlauts, ß and punctuation', () => {
    expect(searchKey('Müller-Straße GmbH & Co. KG')).toBe('mueller strasse gmbh co kg');
  });
});
