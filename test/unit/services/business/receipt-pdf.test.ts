import { describe, expect, it } from 'vitest';
import { renderReceiptPdf, type ReceiptPdfInput } from '../../../../functions/services/business/receipt-pdf.ts';
import { receiptRows } from '../../../../functions/services/business/receipt.ts';
import { pdfObjects, textsOf } from '../../../support/pdf.ts';
import { deregistrationForm, maximalChange, registrationForm } from './fixtures.ts';

function input(overrides: Partial<ReceiptPdfInput> = {}): ReceiptPdfInput {
  return {
    kind: 'GewA1',
    caseNumber: 'NE-GEW-2026-000001',
    businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    issuer: { name: 'Stadt Neuss', contactEmail: 'gewerbe@neuss.example', postalAddress: 'Markt 2, 41460 Neuss' },
    receivedAt: '2026-03-10T09:00:00.000Z',
    issuedAt: '2026-03-10T09:30:00.000Z',
    rows: receiptRows(registrationForm()),
    recipients: ['Industrie- und Handelskammer Mittlerer Niederrhein', 'Finanzamt Neuss'],
    fee: '26,00 € (Gebührenordnung 2026)',
    ...overrides,
  };
}

async function allTexts(bytes: Uint8Array): Promise<string> {
  return (await textsOf(bytes)).join(' ');
}

describe('the acknowledgement of receipt (Empfangsbescheinigung, § 15 Abs. 1 GewO)', () => {
  it('names the municipality, the case, the receipt time, the notice, the business id and the recipients', async () => {
    const bytes = await renderReceiptPdf(input());
    const text = await allTexts(bytes);
    for (const expected of [
      'Stadt Neuss',
      'Aktenzeichen NE-GEW-2026-000001',
      'Ausgestellt am 10.03.2026',
      'Empfangsbescheinigung',
      'über die Gewerbe-Anmeldung (§ 14 Abs. 1 Satz 1 GewO)',
      '10.03.2026, 10:00 Uhr',
      'Max Gewerbe (Inhaber:in)',
      'Oberstraße 12a, 41460 Neuss',
      'Online-Handel mit Fahrradzubehör (WZ 2008: 47.91.1)',
      'Beginn der Tätigkeit',
      '01.03.2026',
      '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
      '26,00 € (Gebührenordnung 2026)',
      'Industrie- und Handelskammer Mittlerer Niederrhein',
      'ohne Unterschrift gültig',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('keeps personal data out of the metadata', async () => {
    const doc = await pdfObjects(await renderReceiptPdf(input()));
    expect(doc.getTitle()).toBe('Empfangsbescheinigung über die Gewerbe-Anmeldung (§ 14 Abs. 1 Satz 1 GewO) – NE-GEW-2026-000001');
    expect(`${doc.getTitle()} ${doc.getSubject()} ${doc.getKeywords()}`).not.toMatch(/Gewerbe, Max|Max Gewerbe|Oberstraße/);
  });

  it('is rendered the same twice (a retried step), and flows onto a second page when long', async () => {
    expect(Buffer.from(await renderReceiptPdf(input())).equals(Buffer.from(await renderReceiptPdf(input())))).toBe(true);
    const long = await renderReceiptPdf(input({ kind: 'GewA2', rows: receiptRows(maximalChange()), recipients: Array.from({ length: 40 }, (_, n) => `Behörde ${n + 1}`) }));
    const doc = await pdfObjects(long);
    expect(doc.getPageCount()).toBe(2);
    expect(await allTexts(long)).toContain('Seite 2 von 2');
  });

  it('has the deregistration wording and note', async () => {
    const text = await allTexts(await renderReceiptPdf(input({ kind: 'GewA3', rows: receiptRows(deregistrationForm()) })));
    expect(text).toContain('über die Gewerbe-Abmeldung (§ 14 Abs. 1 Satz 2 Nr. 3 GewO)');
    expect(text).toContain('Datum der Betriebsaufgabe');
    expect(text).toContain('Nachweis der Abmeldung');
    expect(text).not.toContain('berechtigt nicht zur Ausübung');
  });
});
