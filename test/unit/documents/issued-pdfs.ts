import { AUTOMATIC_REVOCATION_DISPENSATION, partialApprovalBescheid, rejectionBescheid, revocationBescheid } from '../../../functions/applications/bescheid.ts';
import { renderBescheidPdf } from '../../../functions/documents/bescheid-pdf.ts';
import { DEFAULT_LEGAL_REMEDY_NOTICE } from '../../../functions/tenants/schemas.ts';
import { renderPermitPdf } from '../../../functions/documents/permit-pdf.ts';
import { renderConfirmationPdf } from '../../../functions/services/address-change/confirmation-pdf.ts';
import { buildExtractAnswer } from '../../../functions/services/building-encumbrances/extract-answer.ts';
import { renderExtractPdf } from '../../../functions/services/building-encumbrances/extract-pdf.ts';
import { renderReceiptPdf } from '../../../functions/services/business/receipt-pdf.ts';
import { receiptRows } from '../../../functions/services/business/receipt.ts';
import { renderCertificatePdf } from '../../../functions/training/certificates/pdf.ts';
import { processingRecord } from '../../../functions/privacy/processing-record.ts';
import { renderProcessingRecordPdf } from '../../../functions/privacy/processing-record-pdf.ts';
import { DESCRIPTORS } from '../../../functions/services/descriptors.ts';
import { accessExport } from '../../../functions/privacy/export.ts';
import { renderExportPdf } from '../../../functions/privacy/export-pdf.ts';
import { personApplication, personData } from '../privacy/fixtures.ts';
import { storedSheet } from '../services/building-encumbrances/fixtures.ts';
import { maximalChange } from '../services/business/fixtures.ts';
import { renderAnnualReportPdf } from '../../../functions/reports/annual-report-pdf.ts';
import { busyTenantKpis } from '../reports/fixtures.ts';

/**
 * Every PDF the platform issues, rendered with long, realistic German input (long authority names, double names,
 * long street names, many vehicles and entries). A new kind of document is added here, and every check over the
 * issued PDFs (layout, PDF/UA) covers it.
 */
export const LONG_AUTHORITY = 'Gemeinde Rommerskirchen – Der Bürgermeister – Fachbereich Bürgerdienste, Ordnung und Straßenverkehr';
const LONG_STREET = 'Bürgermeister-Dr.-Heinrich-Kleinewefers-Straße';

export const PDFS: Record<string, () => Promise<Uint8Array>> = {
  permit: () =>
    renderPermitPdf({
      plate: 'GV-ZK 9999',
      zoneId: 'NE-INNENSTADT-1',
      zoneName: 'Innenstadt zwischen Hafenbecken I, Stadtgarten und Nordkanalallee (Büchel, Oberstraße, Niederstraße)',
      validFrom: '2026-03-10',
      validTo: '2027-03-09',
      caseNumber: 'RO-BPA-2026-001234',
      issuer: { name: LONG_AUTHORITY, contactEmail: 'bewohnerparken.strassenverkehr@rommerskirchen.example' },
      verifyUrl: `https://api.openkreis.example/verify/${'eyJhbGciOiJFUzI1NiJ9'.repeat(8)}`,
      issuedAt: '2026-03-10T10:00:00.000Z',
    }),
  certificate: () =>
    renderCertificatePdf({
      certificateId: 'c0ffee00-1234-4abc-9def-0123456789ab',
      holderName: 'Maria-Theresia Schulze-Hohenstein-Brüggemann-Oberwellenkötter',
      courseTitle: 'Informationssicherheit, Phishing-Erkennung und sicherer Umgang mit E-Mail-Anhängen im Verwaltungsalltag der Kommunen',
      courseVersion: 3,
      completedAt: '2026-03-10T10:00:00.000Z',
      validUntil: '2028-03-10',
      scorePercent: 87.5,
      issuerName: LONG_AUTHORITY,
      verifyUrl: `https://api.openkreis.example/verify/${'eyJhbGciOiJFUzI1NiJ9'.repeat(8)}`,
    }),
  receipt: () =>
    renderReceiptPdf({
      kind: 'GewA2',
      caseNumber: 'RO-GUM-2026-000042',
      businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
      issuer: { name: LONG_AUTHORITY, contactEmail: 'gewerbemeldungen.buergerdienste@rommerskirchen.example', postalAddress: `${LONG_STREET} 100a, 41569 Rommerskirchen` },
      receivedAt: '2026-03-10T09:00:00.000Z',
      issuedAt: '2026-03-10T09:30:00.000Z',
      rows: [...receiptRows(maximalChange()), ['Geschäftsbezeichnung', 'Schulze-Hohenstein Logistik, Lagerhaltung und Kommissionierung für den Einzelhandel am Niederrhein']],
      recipients: ['Industrie- und Handelskammer Mittlerer Niederrhein (Krefeld, Mönchengladbach, Neuss)', 'Finanzamt Grevenbroich – Veranlagungsstelle Gewerbesteuer'],
      fee: '20,00 € (Verwaltungsgebührenordnung der Gemeinde Rommerskirchen, Tarifstelle Gewerbe-Ummeldung)',
    }),
  baulastenauskunft: async () =>
    renderExtractPdf(
      buildExtractAnswer({
        caseNumber: 'NE-BLA-2026-000007',
        submittedAt: '2026-03-09T08:00:00.000Z',
        form: {
          applicant: { givenName: 'Maria-Theresia', familyName: 'Schulze-Hohenstein-Brüggemann', organisation: 'Notariat Dr. Oberwellenkötter & Partner mbB, Notarinnen und Notare am Oberlandesgericht Düsseldorf' },
          role: 'notary',
          purpose: 'purchase',
        },
        authority: { name: LONG_AUTHORITY, ags: '05162028', contactEmail: 'baulastenverzeichnis.bauaufsicht@rommerskirchen.example' },
        parcels: [
          {
            parcel: { gemarkung: '3404', gemarkungName: 'Neuss-Grimlinghausen-Uedesheim', flur: '12', flurstueck: '1234/567' },
            sheets: [
              storedSheet({
                content:
                  'Übernahme der Abstandfläche von 3,00 m Tiefe auf einer Länge von 12,50 m entlang der gemeinsamen Grenze zugunsten des jeweiligen Eigentümers des Nachbarflurstücks; ' +
                  'die Fläche ist von jeglicher Bebauung, auch von Nebenanlagen, Garagen und Carports, dauerhaft freizuhalten.',
                favouredParcels: [{ gemarkung: '3404', gemarkungName: 'Neuss-Grimlinghausen-Uedesheim', flur: '12', flurstueck: '1235/568' }],
              }),
            ],
          },
        ],
        fee: { amountCents: 5000, legalBasis: 'Allgemeine Verwaltungsgebührenordnung NRW, Tarifstelle 3.1.5.6.3', transactionReference: 'KZ-2026-0042' },
        readAt: new Date('2026-03-10T10:00:00Z'),
        issuedAt: new Date('2026-03-10T10:00:00Z'),
      }),
    ),
  bescheid: () =>
    renderBescheidPdf(
      rejectionBescheid({
        app: {
          caseNumber: 'RO-BPA-2026-001234',
          createdAt: '2026-03-01T09:00:00.000Z',
          form: { applicant: { givenName: 'Maria-Theresia Johanna Friederike', familyName: 'Schulze-Hohenstein-Brüggemann-Oberwellenkötter' } },
          fee: { feeKey: 'annual', amountCents: 36000, currency: 'EUR', legalBasis: 'Ordnungsbehördliche Verordnung über Gebühren für Bewohnerparkausweise der Gemeinde Rommerskirchen vom 12.12.2025', scheduleValidFrom: '2026-01-01' },
          payment: { paymentId: 'p-1', status: 'BOOKED' },
        },
        serviceTitle: 'Bewohnerparkausweis für die Zone Innenstadt zwischen Hafenbecken I und Nordkanalallee',
        serviceLegalBasis: '§ 45 Abs. 1b Satz 1 Nr. 2a Straßenverkehrs-Ordnung (StVO) in Verbindung mit § 6a Abs. 5a Straßenverkehrsgesetz (StVG)',
        decision: {
          at: '2026-03-20T10:00:00.000Z',
          reason: 'Das Fahrzeug ist weder auf Sie zugelassen noch Ihnen dauerhaft zur Nutzung überlassen: '.repeat(12),
        },
        steps: [{ kind: 'hearing', status: 'answered', createdAt: '2026-03-05T10:00:00.000Z', deadline: '2026-03-19', answer: { at: '2026-03-12T10:00:00.000Z', documentIds: [], changedFields: [] } }],
        config: {
          displayName: LONG_AUTHORITY,
          contact: { email: 'bewohnerparken.strassenverkehr@rommerskirchen.example', postalAddress: `${LONG_STREET} 100a, 41569 Rommerskirchen` },
          procedure: { legalRemedyNotice: DEFAULT_LEGAL_REMEDY_NOTICE },
        },
      }),
    ),
  // The partial approval: both parts, the fee of the granted part and the refund in the tenor, long texts throughout.
  'bescheid-teilbewilligung': () =>
    renderBescheidPdf(
      partialApprovalBescheid({
        app: {
          caseNumber: 'RO-BPA-2026-001235',
          createdAt: '2026-03-01T09:00:00.000Z',
          form: { applicant: { givenName: 'Maria-Theresia Johanna Friederike', familyName: 'Schulze-Hohenstein-Brüggemann-Oberwellenkötter' } },
          fee: { feeKey: 'annual', amountCents: 36000, currency: 'EUR', legalBasis: 'Ordnungsbehördliche Verordnung über Gebühren für Bewohnerparkausweise der Gemeinde Rommerskirchen vom 12.12.2025', scheduleValidFrom: '2026-01-01' },
          payment: { paymentId: 'p-2', status: 'BOOKED' },
        },
        serviceTitle: 'Bewohnerparkausweis für die Zone Innenstadt zwischen Hafenbecken I und Nordkanalallee',
        serviceLegalBasis: '§ 45 Abs. 1b Satz 1 Nr. 2a Straßenverkehrs-Ordnung (StVO) in Verbindung mit § 6a Abs. 5a Straßenverkehrsgesetz (StVG)',
        decision: {
          at: '2026-03-20T10:00:00.000Z',
          reason: 'Der Leasingvertrag endet nach sechs Monaten; für die Zeit danach ist die dauerhafte Nutzung nicht nachgewiesen. '.repeat(8),
          partial: {
            grant: { validityMonths: 6 },
            granted: 'Der Bewohnerparkausweis für das Kennzeichen NE-RK 1234 (Zone RK-INNENSTADT-NORD) wird für 6 Monate erteilt.',
            refused: 'Für die weiteren 6 der beantragten 12 Monate wird der Antrag abgelehnt.',
            fee: { feeKey: 'halfYear', amountCents: 18000, currency: 'EUR', legalBasis: 'Ordnungsbehördliche Verordnung über Gebühren für Bewohnerparkausweise der Gemeinde Rommerskirchen vom 12.12.2025', scheduleValidFrom: '2026-01-01' },
            refundCents: 18000,
          },
        },
        steps: [{ kind: 'hearing', intendedDecision: 'partial', status: 'answered', createdAt: '2026-03-05T10:00:00.000Z', deadline: '2026-03-19', answer: { at: '2026-03-12T10:00:00.000Z', documentIds: [], changedFields: [] } }],
        config: {
          displayName: LONG_AUTHORITY,
          contact: { email: 'bewohnerparken.strassenverkehr@rommerskirchen.example', postalAddress: `${LONG_STREET} 100a, 41569 Rommerskirchen` },
          procedure: { legalRemedyNotice: DEFAULT_LEGAL_REMEDY_NOTICE },
        },
      }),
    ),
  // The revocation on moving out, issued by the platform (no hearing: § 28 Abs. 2 Nr. 4 VwVfG NRW).
  'bescheid-widerruf': () =>
    renderBescheidPdf(
      revocationBescheid({
        permit: { caseNumber: 'RO-BPA-2026-001236', plate: 'NE-RK 1234', zoneName: 'Innenstadt zwischen Hafenbecken I und Nordkanalallee', validFrom: '2026-01-01', validTo: '2026-12-31' },
        revokedAt: '2026-03-20T10:00:00.000Z',
        revokedOn: '2026-03-20',
        reason: `Umzug aus der Zone Innenstadt zwischen Hafenbecken I und Nordkanalallee (RK-INNENSTADT-NORD) nach ${LONG_STREET} 127a, 41569 Rommerskirchen-Hoeningen (Anmeldung RO-UMZ-2026-000321).`,
        steps: [],
        hearingDispensation: AUTOMATIC_REVOCATION_DISPENSATION,
        config: {
          displayName: LONG_AUTHORITY,
          contact: { email: 'bewohnerparken.strassenverkehr@rommerskirchen.example', postalAddress: `${LONG_STREET} 100a, 41569 Rommerskirchen` },
          procedure: { legalRemedyNotice: DEFAULT_LEGAL_REMEDY_NOTICE },
        },
      }),
    ),
  meldebestaetigung: () =>
    renderConfirmationPdf({
      caseNumber: 'RO-UMZ-2026-000321',
      issuer: { name: LONG_AUTHORITY, contactEmail: 'einwohnermeldeamt.buergerdienste@rommerskirchen.example' },
      givenName: 'Maria-Theresia Johanna Friederike',
      familyName: 'Schulze-Hohenstein-Brüggemann-Oberwellenkötter',
      moveDate: '2026-03-01',
      oldAddress: { street: LONG_STREET, houseNumber: '127a', postcode: '41569', city: 'Rommerskirchen-Hoeningen' },
      newAddress: { street: 'Am Alten Gillbachdeich zwischen Nettesheim und Butzheim', houseNumber: '12-14', postcode: '41569', city: 'Rommerskirchen-Nettesheim-Butzheim' },
      vehicles: Array.from({ length: 8 }, (_, index) => ({ plate: `NE-RK ${1000 + index}`, forwardedTo: 'Rhein-Kreis Neuss' })),
      issuedAt: '2026-03-10T10:00:00.000Z',
    }),
  jahresbericht: () => renderAnnualReportPdf({ kpis: busyTenantKpis(2026, LONG_AUTHORITY), asOf: '2026-12-07', createdAt: new Date('2026-12-07T10:00:00Z') }),
  // Every service enabled, a long authority name and tenant-specific retention bases: the longest record there is.
  verarbeitungsverzeichnis: () => renderProcessingRecordPdf(longestProcessingRecord()),
  // A long history: many applications with documents and payments, drafts, a business, training and many accesses.
  auskunft: () => {
    const data = personData({
      tenantId: 'rommerskirchen',
      applications: Array.from({ length: 12 }, (_, index) => {
        const entry = personApplication(`a${index}`, index % 2 ? 'resident-parking' : 'building-encumbrance-extract', index % 3 ? 'completed' : 'withdrawn', '2026-03-01T00:00:00.000Z', {
          payment: { paymentId: `p${index}`, amountCents: 12000, status: 'PAYED', cashReference: `RO-2026-${100000 + index}`, updatedAt: '2026-03-01T00:00:00.000Z' } as never,
        });
        entry.application.documents = [{ documentId: 'd', kind: 'permit', title: 'Bewohnerparkausweis (PDF mit QR-Code) für das Fahrzeug mit dem Kennzeichen GV-ZK 9999', fileName: 'a.pdf', contentType: 'application/pdf', key: 'rommerskirchen/a', direction: 'issued', createdAt: '2026-03-01T00:00:00.000Z' }];
        return entry;
      }),
      drafts: [{ serviceId: 'address-change', form: {}, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', expiresAt: '2026-03-31T00:00:00.000Z' }],
      businesses: [{ businessId: 'b-1', name: 'Maria-Theresia Schulze-Hohenstein-Brüggemann-Oberwellenkötter', tradeName: 'Schulze-Hohenstein Logistik, Lagerhaltung und Kommissionierung für den Einzelhandel am Niederrhein', premises: {} as never, activity: 'Lagerhaltung', registeredOn: '2020-01-01', caseNumber: 'RO-GAN-2020-000042', status: 'active', statusLabel: 'Angemeldet', version: 1, updatedAt: '2020-01-01T00:00:00.000Z' }],
      training: { employee: { employeeId: 'citizen-1', department: 'Fachbereich Bürgerdienste, Ordnung und Straßenverkehr – Abteilung Verkehrsangelegenheiten' } as never, enrolments: [] },
      auditEntries: Array.from({ length: 60 }, (_, index) => ({ tenantId: 'rommerskirchen', actorId: `u${index}`, role: 'caseworker', action: 'read' as const, recordType: 'application', recordId: `a${index % 12}`, subjectId: 'citizen-1', purpose: 'case-view', at: '2026-03-01T10:00:00.000Z' })),
    });
    return renderExportPdf(accessExport(data, longestProcessingRecord(), new Date('2026-03-10T10:00:00.000Z')), LONG_AUTHORITY);
  },
};

/** The longest record of processing: every service enabled, a long authority name, tenant-specific retention bases. */
function longestProcessingRecord() {
  return processingRecord(
    'rommerskirchen',
    {
      displayName: LONG_AUTHORITY,
      ags: '05162028',
      contact: { email: 'datenschutz.buergerdienste@rommerskirchen.example', postalAddress: `${LONG_STREET} 100a, 41569 Rommerskirchen` },
      urls: { imprint: 'https://www.rommerskirchen.example/impressum', privacy: 'https://www.rommerskirchen.example/datenschutz', accessibility: 'https://www.rommerskirchen.example/barrierefreiheit' },
      enabledServices: Object.keys(DESCRIPTORS),
      feeSchedules: {},
      parkingZones: [],
      retention: { services: { 'resident-parking': { period: { count: 2, unit: 'years' }, basis: 'Aktenplan der Gemeinde Rommerskirchen, Aktenzeichen 32.10.01 – Bewohnerparken, Aufbewahrungsfrist nach Dienstanweisung Schriftgut 2025' } } },
      caseNumberPrefix: 'RO',
    },
    new Date('2026-03-10T10:00:00.000Z'),
  );
}
