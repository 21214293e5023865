/** The trail as CSV for German spreadsheets (`;`, BOM, German headings), as the training reports export theirs. */
import { csvField } from '#functions/training/reports/domain';
import type { TrailEntryView } from './views.ts';

const HEADINGS = ['Nr.', 'Zeitpunkt (UTC)', 'Handlung', 'Datensatztyp', 'Datensatz', 'Betroffene Person (Kennung)', 'Handelnde Person (Kennung)', 'Rolle', 'Zweck', 'Anfrage'];

export function trailCsv(entries: readonly TrailEntryView[]): string {
  const rows = entries.map((entry) =>
    [entry.seq, entry.at, entry.actionLabel, entry.recordType, entry.recordId, entry.subjectId ?? '', entry.actorId, entry.role, entry.purpose ?? '', entry.requestId ?? ''].map(csvField).join(';'),
  );
  return `\uFEFF${[HEADINGS.join(';'), ...rows].join('\r\n')}\r\n`;
}
