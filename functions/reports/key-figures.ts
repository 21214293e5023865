/**
 * The key figures of a year next to the year before, formatted in German — the table of the annual report PDF and of
 * the report page in the web app (pure: the web app imports it).
 */
import type { YearKpis } from './kpis.ts';

export const number = (value: number | null) => (value === null ? '–' : value.toLocaleString('de-DE'));
export const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1).replace('.', ',')} %`);
export const days = (value: number | null) => (value === null ? '–' : `bis ${value}`);
const euro = (cents: number) => `${(cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/** The rows of the key-figure table: label, this year, the year before. */
export function keyFigureRows(current: YearKpis, previous: YearKpis): Array<[string, string, string]> {
  const row = (label: string, pick: (year: YearKpis) => string): [string, string, string] => [label, pick(current), pick(previous)];
  return [
    row('Anträge', (y) => number(y.total.submitted)),
    row('davon online', (y) => number(y.total.online)),
    row('Online-Anteil (Haushaltskennzahl)', (y) => percent(y.total.onlineShare)),
    row('Entschieden', (y) => number(y.total.decided)),
    row('davon automatisch', (y) => `${number(y.total.automatic)} (${percent(y.total.automaticShare)})`),
    row('Bewilligt', (y) => number(y.total.approved)),
    row('Abgelehnt', (y) => number(y.total.rejected)),
    row('Zurückgezogen', (y) => number(y.total.withdrawn)),
    row('Verfallen oder Zahlung fehlgeschlagen', (y) => number(y.total.expired + y.total.paymentFailed)),
    row('Bis zur Entscheidung, Median (Tage)', (y) => days(y.total.decisionDaysMedian)),
    row('Bis zur Entscheidung, 90 % (Tage)', (y) => days(y.total.decisionDaysP90)),
    row('Bis zum Abschluss, Median (Tage)', (y) => days(y.total.completionDaysMedian)),
    row('Zahlungen gebucht', (y) => `${number(y.total.paymentsBooked)} (${euro(y.total.paymentsBookedCents)})`),
    row('Erstattungen', (y) => number(y.total.refunds)),
    row(`Offene Anträge, älter als ${current.openCases.olderThanDays} Tage (heute)`, (y) => (y === current ? number(y.openCases.olderThan) : '–')),
    row('Bewohnerparkausweise ausgestellt', (y) => number(y.parkingPermitsIssued)),
    row('Gewerbeanmeldungen / -abmeldungen', (y) => `${number(y.businessRegistrations)} / ${number(y.businessDeregistrations)}`),
    row('Zulassungsaufträge aus Adressänderungen: erhalten / erledigt', (y) => `${number(y.vehicleTasks.received)} / ${number(y.vehicleTasks.done)}`),
    row('Zulassungsaufträge: erledigt nach, Median (Tage)', (y) => days(y.vehicleTasks.turnaroundDaysMedian)),
    row('Fortbildungen abgeschlossen (= Zertifikate)', (y) => number(y.training.completions)),
    row('Pflichtfortbildungen erfüllt (Stichtag)', (y) => percent(y.training.mandatoryRate)),
    row('Pflichtfortbildungen überfällig (Stichtag)', (y) => number(y.training.overdue)),
  ];
}

