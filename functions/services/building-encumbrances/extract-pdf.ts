/**
 * The Baulastenauskunft as a PDF (A4, as many pages as the entries need): a letter of the building authority listing,
 * per parcel, the valid Baulasten — or, when no parcel is burdened, the Negativbescheinigung.
 *
 * Rendered from the answer object (`extract-answer.ts`), the same data that is issued as JSON, so the two never
 * disagree. A tagged PDF (PDF/UA) in the shared letter layout of `pdf-kit.ts` (letterhead, wrapped text, footer).
 * Pure (no I/O; times come from the answer), so issuing can be retried safely.
 */
import { formatEuro } from '#core/money';
import { BRAND, FlowLayout, GREY, MM, TaggedPdf } from '#functions/documents/pdf-kit';
import { germanDate, germanDateTime } from '#functions/documents/german-format';
import type { ExtractAnswer } from './extract-answer.ts';

function letterhead(layout: FlowLayout, answer: ExtractAnswer): void {
  layout.letterhead({
    issuer: answer.behoerde.name,
    lines: ['Untere Bauaufsichtsbehörde – Baulastenverzeichnis', ...(answer.behoerde.kontakt ? [answer.behoerde.kontakt] : [])],
    right: [`Datum: ${germanDate(answer.ausgestelltAm)}`, `Aktenzeichen: ${answer.aktenzeichen}`],
  });
  const recipient = answer.empfaenger.organisation ? `${answer.empfaenger.name}, ${answer.empfaenger.organisation}` : answer.empfaenger.name;
  layout.paragraph(`An: ${recipient}`, { size: 10, after: 12 });
}

function intro(layout: FlowLayout, answer: ExtractAnswer): void {
  const negative = answer.art === 'negativbescheinigung';
  layout.paragraph(negative ? 'Negativbescheinigung' : 'Auskunft aus dem Baulastenverzeichnis', { type: 'H1', size: 20, bold: true, color: BRAND, after: 2 });
  layout.paragraph(
    negative ? 'Bescheinigung, dass keine Baulasten eingetragen sind' : 'Eingetragene Baulasten der angefragten Flurstücke',
    { size: 11, color: GREY, after: 10 },
  );
  layout.paragraph(
    `Auf Ihren Antrag vom ${germanDate(answer.antrag.eingegangenAm)} (${answer.antrag.rolleBezeichnung}; Zweck: ${answer.antrag.zweckBezeichnung}) ` +
      `erteilen wir nach ${answer.rechtsgrundlage} folgende Auskunft. Stand des Baulastenverzeichnisses: ${germanDateTime(new Date(answer.stand))}.`,
    { after: 10 },
  );
}

function parcels(layout: FlowLayout, answer: ExtractAnswer): void {
  if (answer.art === 'negativbescheinigung') {
    layout.paragraph(`Für die folgenden Flurstücke sind im Baulastenverzeichnis der ${answer.behoerde.name} keine gültigen Baulasten eingetragen:`, { after: 6 });
    for (const parcel of answer.flurstuecke) {
      layout.paragraph(parcel.bezeichnung, { type: 'H2', bold: true, indent: 4 * MM });
      layout.paragraph(`Flurstückskennzeichen ${parcel.flurstueckskennzeichen}`, { size: 9, color: GREY, indent: 4 * MM, after: 4 });
    }
    layout.y -= 6;
    return;
  }
  for (const parcel of answer.flurstuecke) {
    layout.ensure(60);
    layout.paragraph(parcel.bezeichnung, { type: 'H2', size: 12, bold: true });
    layout.paragraph(`Flurstückskennzeichen ${parcel.flurstueckskennzeichen}`, { size: 9, color: GREY, after: 6 });
    if (parcel.baulasten.length === 0) {
      layout.paragraph('Für dieses Flurstück sind im Baulastenverzeichnis keine gültigen Baulasten eingetragen.', { indent: 4 * MM, after: 10 });
      continue;
    }
    layout.paragraph(`${parcel.baulasten.length} gültige Baulast${parcel.baulasten.length === 1 ? '' : 'en'}:`, { indent: 4 * MM, after: 4 });
    for (const baulast of parcel.baulasten) {
      layout.ensure(70);
      layout.paragraph(`Baulastenblatt ${baulast.baulastenblatt}, lfd. Nr. ${baulast.laufendeNummer} – ${baulast.artBezeichnung}`, { type: 'H3', bold: true, indent: 4 * MM, after: 2 });
      layout.field('Eingetragen am', germanDate(baulast.eintragungsdatum), { indent: 8 * MM });
      layout.field('Inhalt', baulast.inhalt, { indent: 8 * MM });
      if (baulast.beguenstigteFlurstuecke.length > 0) {
        layout.field('Zugunsten', baulast.beguenstigteFlurstuecke.map((favoured) => favoured.bezeichnung).join('; '), { indent: 8 * MM });
      }
      if (baulast.aktenzeichen) layout.field('Aktenzeichen', baulast.aktenzeichen, { indent: 8 * MM });
      layout.y -= 8;
    }
    layout.y -= 6;
  }
}

function closing(layout: FlowLayout, answer: ExtractAnswer): void {
  layout.ensure(80);
  layout.paragraph('Hinweise', { type: 'H2', size: 11, bold: true, after: 2 });
  layout.list(answer.hinweise, { size: 9.5, indent: 2 * MM });
  if (answer.gebuehr) {
    layout.y -= 4;
    const reference = answer.gebuehr.kassenzeichen ? `, Kassenzeichen ${answer.gebuehr.kassenzeichen}` : '';
    layout.paragraph(`Gebühr: ${formatEuro(answer.gebuehr.betragCent)} (${answer.gebuehr.rechtsgrundlage}), bereits bezahlt${reference}.`, { size: 9.5 });
  }
}

export async function renderExtractPdf(answer: ExtractAnswer): Promise<Uint8Array> {
  const title = answer.art === 'negativbescheinigung' ? 'Negativbescheinigung (Baulastenverzeichnis)' : 'Auskunft aus dem Baulastenverzeichnis';
  // Metadata for assistive technology and search; no names or parcels (metadata gets indexed by desktop search).
  const pdf = new TaggedPdf({
    title: `${title} – ${answer.aktenzeichen}`,
    author: answer.behoerde.name,
    subject: title,
    keywords: ['Baulastenauskunft', answer.aktenzeichen],
    createdAt: new Date(answer.ausgestelltAm),
  });
  const layout = new FlowLayout(pdf, `${answer.behoerde.name} – ${title} – Aktenzeichen ${answer.aktenzeichen}`);
  letterhead(layout, answer);
  intro(layout, answer);
  parcels(layout, answer);
  closing(layout, answer);
  return layout.finish();
}
