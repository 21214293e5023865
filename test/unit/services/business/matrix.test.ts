import { describe, expect, it } from 'vitest';
import { z } from '../../../../functions/core/validation.ts';
import { FORM_KINDS, type FormKind } from '../../../../functions/services/business/forms.ts';
import { DIRECTORY_V1 } from '../../../../functions/services/business/forwarding/directory.v1.ts';
import { endpointFor, recipientDirectorySchema } from '../../../../functions/services/business/forwarding/directory.ts';
import {
  allowedFieldNumbers,
  allowedPaths,
  automaticRecipients,
  coveredBy,
  excludedFieldNumbers,
  forbiddenPaths,
  forwardingMatrixSchema,
  leafPaths,
  project,
  recipientRule,
  RECIPIENT_IDS,
} from '../../../../functions/services/business/forwarding/matrix.ts';
import { MATRIX_V1 } from '../../../../functions/services/business/forwarding/matrix.v1.ts';
import { buildGewerbemeldung, UNWRITTEN_PATHS, type ProjectedForm } from '../../../../functions/services/business/forwarding/xgewerbeordnung.ts';
import { maximalChange, maximalDeregistration, maximalRegistration, sentinelised } from './fixtures.ts';

const MAXIMAL: Record<FormKind, () => object> = { GewA1: maximalRegistration, GewA2: maximalChange, GewA3: maximalDeregistration };

function rule(id: string) {
  const found = recipientRule(MATRIX_V1, id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

describe('the forwarding matrix v1 (data)', () => {
  it('is well-formed: unique recipients, field numbers and paths of the right shape', () => {
    expect(z.safeParse(forwardingMatrixSchema, MATRIX_V1).success).toBe(true);
    expect(MATRIX_V1.recipients.map((recipient) => recipient.id).sort()).toEqual([...RECIPIENT_IDS].sort());
  });

  it('quotes § 3 GewAnzV: the excluded fields of Anlage 1 for each recipient', () => {
    const excluded = (id: string, form: FormKind) => {
      const entry = rule(id).forms[form];
      return entry && 'exclude' in entry ? entry.exclude : undefined;
    };
    expect(excluded('ihk', 'GewA1')).toEqual([13, 27, 29, 30, 31, 33]);
    expect(excluded('hwk', 'GewA1')).toEqual([13, 27, 30, 31, 33]);
    expect(excluded('immissionsschutz', 'GewA2')).toEqual([10, 12, 13, 25, 26, 27, 28, 30]);
    expect(excluded('arbeitsagentur', 'GewA3')).toEqual([10, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(excluded('dguv', 'GewA2')).toEqual([12, 25, 27, 28, 30]);
    expect(excluded('registergericht', 'GewA3')).toEqual([8, 9, 10, 12, 13, 14, 16, 21, 22, 24, 28, 29, 30]);
    expect(excluded('zoll', 'GewA1')).toEqual([13, 27, 33]);
    expect(rule('eichbehoerde').forms.GewA1).toEqual({ include: [1, 3, 4, 5, 11, 14, 15, 18, 20] });
  });

  it('sends the register court only deregistrations, customs only on indications, statistics only monthly', () => {
    expect(Object.keys(rule('registergericht').forms)).toEqual(['GewA3']);
    for (const kind of FORM_KINDS) expect(automaticRecipients(MATRIX_V1, kind).map((recipient) => recipient.id)).not.toContain('zoll');
    expect(automaticRecipients(MATRIX_V1, 'GewA1').map((recipient) => recipient.id)).not.toContain('registergericht');
    expect(automaticRecipients(MATRIX_V1, 'GewA3').map((recipient) => recipient.id)).toContain('registergericht');
    expect(rule('statistik').schedule).toBe('monthly-batch');
  });

  it('never forwards the signature field (33 of Anlage 1, 30 of Anlagen 2 and 3), which the online form does not have', () => {
    for (const recipient of MATRIX_V1.recipients) {
      expect(allowedFieldNumbers(MATRIX_V1, recipient, 'GewA1')).not.toContain(33);
      expect(allowedFieldNumbers(MATRIX_V1, recipient, 'GewA2')).not.toContain(30);
      expect(allowedFieldNumbers(MATRIX_V1, recipient, 'GewA3')).not.toContain(30);
    }
  });

  it('assigns every field of every form to a field number (or keeps it with the municipality)', () => {
    for (const kind of FORM_KINDS) {
      const catalogue = Object.values(MATRIX_V1.fields[kind]).flat();
      const uncovered = leafPaths(MAXIMAL[kind]()).filter((leaf) => !coveredBy(leaf, [...catalogue, ...MATRIX_V1.internalPaths]));
      expect(uncovered, kind).toEqual([]);
    }
  });

  it('lets no two field numbers of a form share a path', () => {
    for (const kind of FORM_KINDS) {
      const paths = Object.values(MATRIX_V1.fields[kind]).flat();
      expect(new Set(paths).size, kind).toBe(paths.length);
    }
  });
});

describe('a recipient never receives an excluded field', () => {
  const cases = MATRIX_V1.recipients.flatMap((recipient) => FORM_KINDS.filter((kind) => recipient.forms[kind]).map((kind) => [recipient.id, kind] as const));

  it.each(cases)('%s × %s: the projection holds allowed paths only', (recipientId, kind) => {
    const recipient = rule(recipientId);
    const projected = project(MAXIMAL[kind](), allowedPaths(MATRIX_V1, recipient, kind));
    const allowed = allowedPaths(MATRIX_V1, recipient, kind);
    const forbidden = forbiddenPaths(MATRIX_V1, recipient, kind);
    for (const leaf of leafPaths(projected)) {
      expect(coveredBy(leaf, allowed), `${leaf} is not allowed`).toBe(true);
      expect(coveredBy(leaf, forbidden), `${leaf} is excluded`).toBe(false);
    }
    expect(leafPaths(projected).some((leaf) => leaf.startsWith('declaration'))).toBe(false);
  });

  it.each(cases)('%s × %s: the XML message holds no value of an excluded field', (recipientId, kind) => {
    const recipient = rule(recipientId);
    const { form, sentinels } = sentinelised(MAXIMAL[kind]());
    const data = project(form, allowedPaths(MATRIX_V1, recipient, kind)) as ProjectedForm;
    const xml = buildGewerbemeldung({
      recipientId: recipient.id,
      messageUuid: '00000000-0000-5000-8000-000000000001',
      createdAt: '2026-03-10T10:00:00.000Z',
      author: { ags: '05162024', name: 'Stadt Neuss' },
      reader: { prefix: 'xga', id: 'DEMO', name: 'Empfänger' },
      records: [{ kind, data, meta: { satzUuid: 's', businessId: 'b', caseNumber: 'NE-GEW-2026-000001', ags: '05162024', receivedAt: '2026-03-10T09:00:00.000Z', acceptedAt: '2026-03-10T09:30:00.000Z' } }],
    });
    const allowed = allowedPaths(MATRIX_V1, recipient, kind);
    const leaked = [...sentinels].filter(([sentinel, path]) => xml.includes(sentinel) && !coveredBy(path, allowed));
    expect(leaked).toEqual([]);
    // And what it may see is there: every permitted text value of the notice reaches the message.
    const missing = [...sentinels].filter(([sentinel, path]) => coveredBy(path, allowed) && !coveredBy(path, UNWRITTEN_PATHS) && !xml.includes(sentinel));
    expect(missing).toEqual([]);
  });

  it('gives the calibration office only names, addresses, trade name, activity and date of a registration', () => {
    const projected = project(maximalRegistration(), allowedPaths(MATRIX_V1, rule('eichbehoerde'), 'GewA1')) as ProjectedForm;
    expect(Object.keys(projected).sort()).toEqual(['activity', 'business', 'operator', 'registration']);
    expect(Object.keys(projected.operator!.persons![0]!).sort()).toEqual(['doctoralDegree', 'familyName', 'givenNames', 'residence', 'role']);
    expect(projected.registration).toEqual({ startDate: '2026-03-01' });
    expect(projected.employees).toBeUndefined();
  });

  it('gives the employment agency the residence permit (illegal employment), the chambers not', () => {
    const agency = project(maximalRegistration(), allowedPaths(MATRIX_V1, rule('arbeitsagentur'), 'GewA1')) as ProjectedForm;
    const ihk = project(maximalRegistration(), allowedPaths(MATRIX_V1, rule('ihk'), 'GewA1')) as ProjectedForm;
    expect(agency.operator!.persons![0]!.residencePermit).toBeDefined();
    expect(ihk.operator!.persons![0]!.residencePermit).toBeUndefined();
    expect(ihk.permits?.craftsCard).toBeUndefined();
    expect(excludedFieldNumbers(MATRIX_V1, rule('ihk'), 'GewA1')).toEqual([13, 27, 29, 30, 31]);
  });
});

describe('the recipient directory v1 (demo data)', () => {
  it('is well-formed and has an endpoint for every recipient of the matrix', () => {
    expect(z.safeParse(recipientDirectorySchema, DIRECTORY_V1).success).toBe(true);
    for (const id of RECIPIENT_IDS) expect(endpointFor(DIRECTORY_V1, 'neuss', id), id).toBeDefined();
  });

  it('lets a tenant replace a default entry', () => {
    expect(endpointFor(DIRECTORY_V1, 'grevenbroich', 'finanzamt')?.name).toBe('Finanzamt Grevenbroich');
    expect(endpointFor(DIRECTORY_V1, 'neuss', 'finanzamt')?.name).toBe('Finanzamt Neuss');
    expect(endpointFor(DIRECTORY_V1, 'neuss', 'gesundheitsamt')).toBeUndefined();
  });
});
