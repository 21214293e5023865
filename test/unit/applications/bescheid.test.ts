import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { AUTOMATIC_REVOCATION_DISPENSATION, addresseeOf, partialApprovalBescheid, rejectionBescheid, revocationBescheid } from '../../../functions/applications/bescheid.ts';
import { renderBescheidPdf } from '../../../functions/documents/bescheid-pdf.ts';
import { DEFAULT_LEGAL_REMEDY_NOTICE, tenantConfigSchema } from '../../../functions/tenants/schemas.ts';
import * as z from '../../../functions/core/zod.ts';
import { textsOf } from '../../support/pdf.ts';
import { tenantConfig } from './support.ts';

/**
 * The rejection Bescheid: what it says for each way the applicant was (or was not) heard and for each fee situation,
 * the tenant's Rechtsbehelfsbelehrung (default: Klage beim VG Düsseldorf, NRW has no Widerspruch in most matters), and
 * the PDF: every section in order, German metadata without the person's name.
 */
const app = {
  caseNumber: 'NE-BPA-2026-000042',
  createdAt: '2026-03-01T09:00:00.000Z',
  form: { applicant: { givenName: 'Erika', familyName: 'Mustermann' } },
  fee: { feeKey: 'annual', amountCents: 12000, currency: 'EUR' as const, legalBasis: 'Gebührenordnung Bewohnerparken 2026', scheduleValidFrom: '2026-01-01' },
  payment: { paymentId: 'p-1', status: 'BOOKED' as const },
};
const decision = { at: '2026-03-20T10:00:00.000Z', reason: 'Die Adresse liegt außerhalb der Bewohnerparkzone.' };
const hearing = { kind: 'hearing' as const, createdAt: '2026-03-05T10:00:00.000Z', deadline: '2026-03-19' };
const bescheid = (overrides: Partial<Parameters<typeof rejectionBescheid>[0]> = {}) =>
  rejectionBescheid({ app, serviceTitle: 'Bewohnerparkausweis', serviceLegalBasis: '§ 45 Abs. 1b StVO', decision, steps: [], config: tenantConfig(), ...overrides });

describe('what a rejection Bescheid says', () => {
  it('states the rejection and the fee decision in the tenor, the applicant as addressee, and the service legal basis', () => {
    const content = bescheid({ steps: [{ ...hearing, status: 'expired' }] });
    expect(content.tenor).toEqual([
      'Ihr Antrag „Bewohnerparkausweis“ vom 01.03.2026 (Aktenzeichen NE-BPA-2026-000042) wird abgelehnt.',
      'Für diese Entscheidung werden keine Gebühren erhoben. Die bereits gezahlte Gebühr von 120,00\u00a0€ wird Ihnen erstattet.',
    ]);
    expect(content.addressee).toBe('Erika Mustermann');
    expect(content.legalBasis).toBe('§ 45 Abs. 1b StVO');
    expect(content.reasons).toEqual([decision.reason]);
    expect(content.feeReasons).toContain('Gebührenordnung Bewohnerparken 2026');
  });

  it('names the hearing as it went: answered, expired without an answer, or dispensed with and why', () => {
    expect(bescheid({ steps: [{ ...hearing, status: 'answered', answer: { at: '2026-03-12T10:00:00.000Z', documentIds: [], changedFields: [] } }] }).facts[1]).toBe(
      'Mit Schreiben vom 05.03.2026 wurden Sie zu der beabsichtigten Ablehnung angehört (§ 28 Abs. 1 VwVfG NRW). Ihre Stellungnahme vom 12.03.2026 wurde bei der Entscheidung berücksichtigt.',
    );
    expect(bescheid({ steps: [{ ...hearing, status: 'expired' }] }).facts[1]).toBe(
      'Mit Schreiben vom 05.03.2026 wurden Sie zu der beabsichtigten Ablehnung angehört (§ 28 Abs. 1 VwVfG NRW). Bis zum Ende der Frist am 19.03.2026 haben Sie sich nicht geäußert.',
    );
    expect(bescheid({ decision: { ...decision, hearingDispensation: 'Es wird nicht von den Angaben im Antrag abgewichen.' } }).facts[1]).toBe(
      'Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): Es wird nicht von den Angaben im Antrag abgewichen.',
    );
  });

  it('refunds nothing that was not paid, and has no fee grounds without a fee', () => {
    expect(bescheid({ app: { ...app, payment: { paymentId: 'p-1', status: 'CANCELED' } } }).tenor[1]).toBe('Für diese Entscheidung werden keine Gebühren erhoben.');
    const { fee: _fee, ...free } = app;
    expect(bescheid({ app: free }).feeReasons).toBeUndefined();
  });

  it("prefers the caseworker's legal basis, and takes the tenant's own Rechtsbehelfsbelehrung over the default", () => {
    const notice = 'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist beim Bürgermeister der Stadt Neuss, Markt 2, 41460 Neuss, einzulegen.';
    const content = bescheid({ decision: { ...decision, legalBasis: '§ 1 Satzung' }, config: tenantConfig({ procedure: { legalRemedyNotice: notice } }) });
    expect(content.legalBasis).toBe('§ 1 Satzung');
    expect(content.legalRemedyNotice).toBe(notice);
    expect(bescheid().legalRemedyNotice).toBe(DEFAULT_LEGAL_REMEDY_NOTICE);
  });

  it('addresses nobody when the form names no person', () => {
    expect(addresseeOf({ business: { name: 'X GmbH' } })).toBeUndefined();
    expect(bescheid({ app: { ...app, form: {} } })).not.toHaveProperty('addressee');
  });
});

describe('what a partial approval Bescheid says (Teilbewilligung)', () => {
  const partial = {
    grant: { validityMonths: 6 },
    granted: 'Der Bewohnerparkausweis für das Kennzeichen NE-AB 1234 (Zone NE-1) wird für 6 Monate erteilt.',
    refused: 'Für die weiteren 6 der beantragten 12 Monate wird der Antrag abgelehnt.',
    fee: { feeKey: 'halfYear', amountCents: 6000, currency: 'EUR' as const, legalBasis: 'Gebührenordnung Bewohnerparken 2026', scheduleValidFrom: '2026-01-01' },
    refundCents: 6000,
  };
  const partialBescheid = (overrides: Partial<Parameters<typeof partialApprovalBescheid>[0]> = {}) =>
    partialApprovalBescheid({ app, serviceTitle: 'Bewohnerparkausweis', serviceLegalBasis: '§ 45 Abs. 1b StVO', decision: { ...decision, partial }, steps: [], config: tenantConfig(), ...overrides });

  it('names in the tenor what is granted, what is refused, the fee of the granted part and the refund of the difference', () => {
    const content = partialBescheid({ steps: [{ ...hearing, intendedDecision: 'partial', status: 'expired' }] });
    expect(content.subject).toBe('Teilweise Bewilligung Ihres Antrags „Bewohnerparkausweis“ vom 01.03.2026');
    expect(content.tenor).toEqual([
      `Ihrem Antrag „Bewohnerparkausweis“ vom 01.03.2026 (Aktenzeichen NE-BPA-2026-000042) wird teilweise stattgegeben. ${partial.granted}`,
      `Im Übrigen wird der Antrag abgelehnt. ${partial.refused}`,
      'Die Gebühr für diese Entscheidung wird auf 60,00\u00a0€ festgesetzt. Von der bereits gezahlten Gebühr von 120,00\u00a0€ werden Ihnen 60,00\u00a0€ erstattet.',
    ]);
    expect(content.facts[1]).toBe('Mit Schreiben vom 05.03.2026 wurden Sie zu der beabsichtigten teilweisen Ablehnung angehört (§ 28 Abs. 1 VwVfG NRW). Bis zum Ende der Frist am 19.03.2026 haben Sie sich nicht geäußert.');
    expect(content.feeReasons).toBe('Für den Antrag war eine Gebühr von 120,00\u00a0€ festgesetzt (Gebührenordnung Bewohnerparken 2026). Die Gebühr richtet sich nach dem bewilligten Teil: 60,00\u00a0€ (Gebührenordnung Bewohnerparken 2026). Der Unterschied von 60,00\u00a0€ wird erstattet.');
    expect(content.legalBasis).toBe('§ 45 Abs. 1b StVO');
    expect(content.legalRemedyNotice).toBe(DEFAULT_LEGAL_REMEDY_NOTICE);
  });

  it('counts a hearing before a rejection for a partial approval, and states a dispensation otherwise', () => {
    expect(partialBescheid({ steps: [{ ...hearing, intendedDecision: 'reject', status: 'expired' }] }).facts[1]).toContain('zu der beabsichtigten Ablehnung angehört');
    // A revocation hearing on another act is no hearing for this decision.
    expect(partialBescheid({ steps: [{ ...hearing, intendedDecision: 'revoke', status: 'expired' }], decision: { ...decision, partial, hearingDispensation: 'Keine Abweichung von den Angaben im Antrag.' } }).facts[1]).toBe(
      'Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): Keine Abweichung von den Angaben im Antrag.',
    );
  });

  it('refunds nothing that was not paid and fixes no fee for a granted part that is free', () => {
    const unpaid = partialBescheid({ app: { ...app, payment: { paymentId: 'p-1', status: 'CANCELED' } } });
    expect(unpaid.tenor[2]).toBe('Die Gebühr für diese Entscheidung wird auf 60,00\u00a0€ festgesetzt.');
    expect(unpaid.feeReasons).not.toContain('erstattet');
    const { fee: _fee, ...freePart } = partial;
    expect(partialBescheid({ decision: { ...decision, partial: { ...freePart, refundCents: 12000 } } }).tenor[2]).toBe(
      'Für diese Entscheidung werden keine Gebühren erhoben. Von der bereits gezahlten Gebühr von 120,00\u00a0€ werden Ihnen 120,00\u00a0€ erstattet.',
    );
  });
});

describe('what a revocation Bescheid says (Widerruf)', () => {
  const permit = { caseNumber: 'NE-BPA-2026-000042', plate: 'NE-AB 1234', zoneName: 'Innenstadt', validFrom: '2026-01-01', validTo: '2026-12-31' };
  const revocation = (overrides: Partial<Parameters<typeof revocationBescheid>[0]> = {}) =>
    revocationBescheid({ permit, revokedAt: '2026-03-20T10:00:00.000Z', revokedOn: '2026-03-20', reason: 'Sie wohnen nicht mehr in der Zone.', steps: [], config: tenantConfig(), ...overrides });

  it('revokes from the day of the Bescheid, addressed to the holder by the plate, on § 49 VwVfG NRW by default', () => {
    const content = revocation({ hearingDispensation: 'Die Inhaberin hat den Umzug selbst mitgeteilt.' });
    expect(content.tenor[0]).toBe('Der Bewohnerparkausweis für das Kennzeichen NE-AB 1234 (Zone Innenstadt, gültig vom 01.01.2026 bis 31.12.2026, Aktenzeichen NE-BPA-2026-000042) wird mit Wirkung vom 20.03.2026 widerrufen.');
    expect(content.addressee).toBe('An die Inhaberin oder den Inhaber des Bewohnerparkausweises für das Kennzeichen NE-AB 1234');
    expect(content.legalBasis).toContain('§ 49 Abs. 2 Satz 1 Nr. 3');
    expect(content.facts[1]).toBe('Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): Die Inhaberin hat den Umzug selbst mitgeteilt.');
  });

  it('names the online hearing before the revocation — answered or expired — and only that one', () => {
    const revokeHearing = { ...hearing, intendedDecision: 'revoke' as const };
    const answered = revocation({ steps: [{ ...revokeHearing, status: 'answered', answer: { at: '2026-03-12T10:00:00.000Z', documentIds: [], changedFields: [] } }] });
    expect(answered.facts[1]).toBe('Mit Schreiben vom 05.03.2026 wurden Sie zu dem beabsichtigten Widerruf angehört (§ 28 Abs. 1 VwVfG NRW). Ihre Stellungnahme vom 12.03.2026 wurde bei der Entscheidung berücksichtigt.');
    expect(revocation({ steps: [{ ...revokeHearing, status: 'expired' }] }).facts[1]).toContain('Bis zum Ende der Frist am 19.03.2026 haben Sie sich nicht geäußert.');
    // The hearing before the application was decided long ago is not a hearing on the revocation.
    expect(revocation({ steps: [{ ...hearing, status: 'answered', answer: { at: '2026-03-12T10:00:00.000Z', documentIds: [], changedFields: [] } }], hearingDispensation: 'Gefahr im Verzug.' }).facts[1]).toBe(
      'Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): Gefahr im Verzug.',
    );
    // A dropped procedure's cancelled letter counts for nothing either.
    expect(revocation({ steps: [{ ...revokeHearing, status: 'cancelled' }], hearingDispensation: 'Gefahr im Verzug.' }).facts[1]).toContain('Von einer Anhörung wurde abgesehen');
  });

  it('states for the revocation on moving out why no hearing took place: issued with automatic devices (§ 28 Abs. 2 Nr. 4)', () => {
    expect(revocation({ hearingDispensation: AUTOMATIC_REVOCATION_DISPENSATION }).facts[1]).toContain('mit Hilfe automatischer Einrichtungen erlassen (§ 28 Abs. 2 Nr. 4 VwVfG NRW)');
  });
});

describe('the Bescheid PDF', () => {
  it('prints every part in order: letterhead, addressee, tenor, reasons, legal basis, costs, Rechtsbehelfsbelehrung', async () => {
    const bytes = await renderBescheidPdf(bescheid({ steps: [{ ...hearing, status: 'expired' }] }));
    const text = (await textsOf(bytes)).join('\n');
    const order = ['Stadt Neuss', 'Aktenzeichen: NE-BPA-2026-000042', 'Erika Mustermann', 'Bescheid', 'Entscheidung', '1. Ihr Antrag', 'Begründung', 'I. Sachverhalt', 'II. Gründe', 'Rechtsgrundlage', 'Kosten', 'Rechtsbehelfsbelehrung', 'Verwaltungsgericht', 'Mit freundlichen Grüßen'];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((position) => position >= 0), JSON.stringify(order.filter((_, index) => positions[index]! < 0))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('carries German metadata that names the case and the authority, never the person', async () => {
    const doc = await PDFDocument.load(await renderBescheidPdf(bescheid()), { updateMetadata: false });
    expect(doc.getTitle()).toBe('Bescheid NE-BPA-2026-000042');
    expect(doc.getAuthor()).toBe('Stadt Neuss');
    expect(JSON.stringify([doc.getTitle(), doc.getSubject(), doc.getKeywords()])).not.toContain('Mustermann');
  });
});

describe("the tenant's Rechtsbehelfsbelehrung (configuration)", () => {
  const withNotice = (legalRemedyNotice: string) => z.safeParse(tenantConfigSchema, { ...tenantConfig(), enabledServices: [], procedure: { legalRemedyNotice } });
  const messages = (result: ReturnType<typeof withNotice>) => (result.success ? [] : result.error.issues.map((issue) => issue.message));

  it('accepts the default (Klage beim VG Düsseldorf within a month) and a Widerspruch with its authority', () => {
    expect(messages(withNotice(DEFAULT_LEGAL_REMEDY_NOTICE))).toEqual([]);
    expect(DEFAULT_LEGAL_REMEDY_NOTICE).toContain('Verwaltungsgericht Düsseldorf, Bastionstraße 39, 40213 Düsseldorf');
    expect(DEFAULT_LEGAL_REMEDY_NOTICE).toContain('innerhalb eines Monats');
    expect(messages(withNotice('Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden, beim Bürgermeister der Stadt Neuss, Markt 2, 41460 Neuss.'))).toEqual([]);
  });

  it('refuses a text without the remedy, the period or the court with its address (§ 58 Abs. 1 VwGO), each with its German message', () => {
    const base = DEFAULT_LEGAL_REMEDY_NOTICE;
    expect(messages(withNotice(base.replaceAll('Klage', 'Beschwerde').replaceAll('Widerspruch', 'Einspruch')))).toEqual(['Die Rechtsbehelfsbelehrung muss den Rechtsbehelf nennen (Klage oder Widerspruch, § 58 Abs. 1 VwGO).']);
    expect(messages(withNotice(base.replace('innerhalb eines Monats', 'zeitnah')))).toEqual([
      'Die Rechtsbehelfsbelehrung muss die Frist nennen (z. B. „innerhalb eines Monats nach Bekanntgabe“, § 58 Abs. 1 VwGO).',
    ]);
    expect(messages(withNotice(base.replace('40213 Düsseldorf', 'Düsseldorf')))).toEqual(['Die Rechtsbehelfsbelehrung muss das Gericht oder die Behörde mit Anschrift (Postleitzahl und Ort) nennen (§ 58 Abs. 1 VwGO).']);
    expect(messages(withNotice('Klage innerhalb eines Monats, 40213 Düsseldorf.'))).toEqual(['Die Rechtsbehelfsbelehrung ist zu kurz (mindestens 100 Zeichen).']);
  });

  it('keeps the deadlines of hearings and requests within 7 to 28 days', () => {
    for (const [days, ok] of [[6, false], [7, true], [28, true], [29, false]] as const) {
      expect(z.safeParse(tenantConfigSchema, { ...tenantConfig(), enabledServices: [], procedure: { hearingDays: days } }).success, String(days)).toBe(ok);
    }
  });
});
