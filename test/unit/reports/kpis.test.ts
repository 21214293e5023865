import { describe, expect, it } from 'vitest';
import { kpiCsv } from '../../../functions/reports/kpis.ts';
import { barChartAlt, lineChartAlt } from '../../../functions/reports/annual-report-pdf.ts';
import { keyFigureRows } from '../../../functions/reports/key-figures.ts';
import { busyTenantKpis } from './fixtures.ts';

describe('the KPIs of a year', () => {
  const kpis = busyTenantKpis(2026, 'Stadt Neuss');

  it('sum the services, share online and automatic decisions, and read processing times from the histograms', () => {
    const { total, services } = kpis.current;
    expect(total.submitted).toBe(services.reduce((sum, service) => sum + service.submitted, 0));
    expect(total.submitted).toBe(total.online + total.counter);
    expect(total.onlineShare).toBeCloseTo(total.online / total.submitted);
    expect(total.automaticShare).toBeCloseTo(total.automatic / total.decided);
    // 60 % of the decisions within 3 days, the rest within 14: median ≤ 3, 90th percentile ≤ 14.
    expect([total.decisionDaysMedian, total.decisionDaysP90]).toEqual([3, 14]);
    expect(kpis.current.months.map((month) => month.month)).toEqual(Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`));
    expect(kpis.current.training).toMatchObject({ completions: 72, certificatesIssued: 72, mandatoryRate: 103 / 120, overdue: 9 });
  });

  it('comes with a German commentary of the changes against the previous year', () => {
    expect(kpis.commentary[0]).toMatch(/^2026 gingen \d+ Anträge ein, \d+,\d % mehr als im Vorjahr \(\d+\)\.$/);
    expect(kpis.commentary.join(' ')).toMatch(/Online-Anteil \(die Kennzahl für den Haushalt\) lag bei \d+,\d %/);
    expect(kpis.commentary.join(' ')).toMatch(/Pflichtfortbildungen: 85,8 % erfüllt, 9 überfällig/);
  });

  it('is a CSV for German spreadsheets: BOM, semicolons, decimal commas', () => {
    const csv = kpiCsv({ year: 2026, generatedAt: '2026-12-07T10:00:00Z', precision: '', tenants: [kpis] });
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFVerwaltung;Jahr;Leistung;Anträge;davon online')).toBe(true);
    expect(lines.find((line) => line.startsWith('Stadt Neuss;2026;Alle Leistungen;'))).toMatch(/;\d+,\d %;/);
  });

  it('are in the annual report as a table, and every month of each chart is in its text alternative', () => {
    expect(keyFigureRows(kpis.current, kpis.previous)[0]).toEqual(['Anträge', String(kpis.current.total.submitted), String(kpis.previous.total.submitted)]);
    for (const month of ['Januar', 'Juni', 'Dezember']) {
      expect(barChartAlt(kpis.current)).toContain(`${month}: `);
      expect(lineChartAlt(kpis.current)).toContain(`${month}: `);
    }
    expect(barChartAlt(kpis.current)).toContain(`Dezember: ${kpis.current.months[11]!.submitted} Anträge, ${kpis.current.months[11]!.online} online`);
  });
});
