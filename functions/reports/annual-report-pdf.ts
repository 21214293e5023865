/**
 * The annual e-government report of a tenant as a tagged PDF (PDF/UA-1, the shared layout of `pdf-kit.ts`): the
 * generated commentary, the KPI tables (a header row with column scope, a row header per row) and two charts drawn as
 * vectors — the applications per month as bars, the online share per month as a line — each a `Figure` whose text
 * alternative states every value the chart shows, and followed by the same values as a table.
 */
import { germanDate } from '#core/dates';
import { A4, BRAND, CONTENT_WIDTH, FlowLayout, GREY, INK, MARGIN, MM, RULE, TaggedPdf, type StructElement } from '#functions/documents/pdf-kit';
import { serviceDescriptor } from '#functions/services/descriptors';
import { days, keyFigureRows, number, percent } from './key-figures.ts';
import { PRECISION_NOTE, type TenantKpis, type YearKpis } from './kpis.ts';

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const SHORT = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'];

export interface AnnualReportInput {
  kpis: TenantKpis;
  /** The day the figures were read (`yyyy-mm-dd`). */
  asOf: string;
  createdAt: Date;
}

/** The text alternative of the bar chart: what it shows and every value. */
export function barChartAlt(year: YearKpis): string {
  return `Balkendiagramm: Anträge je Monat ${year.year}, davon online. ${year.months.map((month, index) => `${MONTHS[index]}: ${month.submitted} Anträge, ${month.online} online`).join('; ')}.`;
}

/** The text alternative of the line chart. */
export function lineChartAlt(year: YearKpis): string {
  return `Liniendiagramm: Online-Anteil je Monat ${year.year}. ${year.months.map((month, index) => `${MONTHS[index]}: ${month.submitted === 0 ? 'keine Anträge' : percent(month.online / month.submitted)}`).join('; ')}.`;
}

export async function renderAnnualReportPdf(input: AnnualReportInput): Promise<Uint8Array> {
  const { kpis } = input;
  const { current, previous } = kpis;
  const title = `E-Government-Jahresbericht ${current.year}`;
  const pdf = new TaggedPdf({ title: `${title} – ${kpis.tenantName}`, author: kpis.tenantName, subject: 'Kennzahlen der Online-Verwaltung', keywords: ['Jahresbericht', 'Kennzahlen', 'E-Government', String(current.year)], createdAt: input.createdAt });
  const flow = new FlowLayout(pdf, `${title} – ${kpis.tenantName}`);
  flow.letterhead({ issuer: kpis.tenantName, lines: ['Bericht aus OpenKreis'], right: [`Stand: ${germanDate(input.asOf)}`] });
  flow.paragraph(title, { type: 'H1', size: 18, bold: true, after: 6 });
  flow.paragraph('Das Jahr in Kürze', { type: 'H2', size: 13, bold: true, after: 3 });
  flow.list(kpis.commentary, { after: 2 });
  flow.y -= 6;

  flow.paragraph(`Kennzahlen ${current.year} und ${previous.year}`, { type: 'H2', size: 13, bold: true, after: 3 });
  table(flow, ['Kennzahl', String(current.year), String(previous.year)], keyFigureRows(current, previous), [95 * MM, 37.5 * MM, 37.5 * MM]);

  flow.paragraph(`Anträge nach Leistung ${current.year}`, { type: 'H2', size: 13, bold: true, after: 3 });
  table(
    flow,
    ['Leistung', 'Anträge', 'Online', 'Automatisch', 'Entscheidung Median (Tage)'],
    current.services.map((service) => [
      serviceDescriptor(service.serviceId)?.title ?? service.serviceId,
      number(service.submitted),
      percent(service.onlineShare),
      percent(service.automaticShare),
      days(service.decisionDaysMedian),
    ]),
    [62 * MM, 22 * MM, 24 * MM, 28 * MM, 34 * MM],
  );

  flow.paragraph(`Anträge je Monat ${current.year}`, { type: 'H2', size: 13, bold: true, after: 3 });
  barChart(flow, current);
  flow.paragraph(`Online-Anteil je Monat ${current.year}`, { type: 'H2', size: 13, bold: true, after: 3 });
  lineChart(flow, current);
  table(
    flow,
    ['Monat', 'Anträge', 'davon online', 'Online-Anteil', 'Abgeschlossen'],
    current.months.map((month, index) => [MONTHS[index]!, number(month.submitted), number(month.online), month.submitted === 0 ? '–' : percent(month.online / month.submitted), number(month.completed)]),
    [40 * MM, 30 * MM, 34 * MM, 34 * MM, 32 * MM],
  );

  flow.paragraph('Hinweise zu den Zahlen', { type: 'H2', size: 13, bold: true, after: 3 });
  flow.paragraph(PRECISION_NOTE, { size: 9.5, color: GREY, after: 4 });
  flow.paragraph('Die Zahlen stammen aus Zählern, die OpenKreis bei jeder Änderung eines Antrags im selben Schreibvorgang fortschreibt; sie enthalten keine personenbezogenen Daten.', { size: 9.5, color: GREY });
  return flow.finish();
}

/** A table with a header row (column scope) and a row header per row (row scope); rows never split across pages. */
function table(flow: FlowLayout, header: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[]): void {
  const { pdf } = flow;
  const size = 9.5;
  const leading = size * 1.35;
  const element = pdf.element('Table');
  const drawRow = (cells: readonly string[], kind: 'header' | 'body') => {
    const wrapped = cells.map((cell, index) => pdf.wrap(kind === 'header' || index === 0 ? 'bold' : 'regular', cell, size, widths[index]! - 2 * MM));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * leading + 3;
    flow.ensure(height);
    const row = pdf.element('TR', element);
    let x = MARGIN;
    const top = flow.y;
    wrapped.forEach((lines, index) => {
      const cell = pdf.element(kind === 'header' || index === 0 ? 'TH' : 'TD', row);
      if (kind === 'header') setScope(cell, 'Column');
      else if (index === 0) setScope(cell, 'Row');
      const cellX = x;
      lines.forEach((line, lineIndex) => pdf.tag(cell, () => pdf.text(kind === 'header' || index === 0 ? 'bold' : 'regular', line, cellX, top - size - lineIndex * leading, size, kind === 'header' ? BRAND : INK)));
      cell.end();
      x += widths[index]!;
    });
    row.end();
    flow.y = top - height;
    pdf.rule(flow.y + 1.5, MARGIN, MARGIN + widths.reduce((sum, width) => sum + width, 0));
  };
  drawRow(header, 'header');
  for (const row of rows) drawRow(row, 'body');
  element.end();
  flow.y -= 10;
}

/** Table header cells need a scope (ISO 14289-1, 7.5), set as a Table attribute of the element (as `FlowLayout.field`). */
function setScope(cell: StructElement, scope: 'Row' | 'Column'): void {
  (cell as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: scope };
}

const CHART_HEIGHT = 48 * MM;

/** The chart's frame: axis and month labels are part of the figure (its text alternative says all they say). */
function chartFrame(flow: FlowLayout, max: number, label: (value: number) => string) {
  const { pdf } = flow;
  const left = MARGIN + 14 * MM;
  const width = CONTENT_WIDTH - 14 * MM;
  const bottom = flow.y - CHART_HEIGHT;
  const slot = width / 12;
  const drawAxes = () => {
    pdf.doc.save().moveTo(left, A4.height - bottom).lineTo(left + width, A4.height - bottom).lineWidth(0.6).stroke(RULE).restore();
    for (const fraction of [0.5, 1]) {
      const y = bottom + fraction * (CHART_HEIGHT - 12);
      pdf.doc.save().moveTo(left, A4.height - y).lineTo(left + width, A4.height - y).lineWidth(0.3).dash(2, { space: 2 }).stroke(RULE).restore();
      pdf.text('regular', label(max * fraction), MARGIN, y - 3, 9, GREY);
    }
    SHORT.forEach((month, index) => pdf.text('regular', month, left + index * slot + slot / 2 - pdf.textWidth('regular', month, 9) / 2, bottom - 11, 9, GREY));
  };
  return { left, width, bottom, slot, drawAxes, scale: (value: number) => (max === 0 ? 0 : (value / max) * (CHART_HEIGHT - 12)) };
}

function barChart(flow: FlowLayout, year: YearKpis): void {
  flow.ensure(CHART_HEIGHT + 20);
  const max = Math.max(1, ...year.months.map((month) => month.submitted));
  const frame = chartFrame(flow, max, (value) => number(Math.round(value)));
  flow.pdf.block(
    'Figure',
    () => {
      frame.drawAxes();
      year.months.forEach((month, index) => {
        const x = frame.left + index * frame.slot + frame.slot * 0.2;
        const barWidth = frame.slot * 0.6;
        flow.pdf.rect(x, frame.bottom, barWidth, frame.scale(month.submitted), { fill: '#9fb3d1' });
        // Online as the darker part of the bar; the legend below names both (not colour alone: the alt text has all values).
        flow.pdf.rect(x, frame.bottom, barWidth, frame.scale(month.online), { fill: BRAND });
      });
      flow.pdf.rect(frame.left, frame.bottom - 27, 8, 8, { fill: BRAND });
      flow.pdf.text('regular', 'online gestellt', frame.left + 11, frame.bottom - 26, 9, INK);
      flow.pdf.rect(frame.left + 40 * MM, frame.bottom - 27, 8, 8, { fill: '#9fb3d1' });
      flow.pdf.text('regular', 'am Schalter aufgenommen', frame.left + 40 * MM + 11, frame.bottom - 26, 9, INK);
    },
    flow.pdf.root,
    { alt: barChartAlt(year) },
  );
  flow.y = frame.bottom - 38;
}

function lineChart(flow: FlowLayout, year: YearKpis): void {
  flow.ensure(CHART_HEIGHT + 20);
  const frame = chartFrame(flow, 1, (value) => `${Math.round(value * 100)} %`);
  flow.pdf.block(
    'Figure',
    () => {
      frame.drawAxes();
      const points = year.months
        .map((month, index) => ({ index, share: month.submitted === 0 ? null : month.online / month.submitted }))
        .filter((point): point is { index: number; share: number } => point.share !== null)
        .map((point) => ({ x: frame.left + point.index * frame.slot + frame.slot / 2, y: A4.height - (frame.bottom + frame.scale(point.share)) }));
      if (points.length > 1) {
        const path = flow.pdf.doc.save().moveTo(points[0]!.x, points[0]!.y);
        for (const point of points.slice(1)) path.lineTo(point.x, point.y);
        path.lineWidth(1.5).stroke(BRAND).restore();
      }
      for (const point of points) flow.pdf.doc.save().circle(point.x, point.y, 2.2).fill(BRAND).restore();
    },
    flow.pdf.root,
    { alt: lineChartAlt(year) },
  );
  flow.y = frame.bottom - 20;
}
