import { useState } from 'preact/hooks';
import type { TenantKpis } from '../../api/reports.ts';
import { BarChart, LineChart, countScale } from '../../components/chart.tsx';
import { SelectField } from '../../components/fields.tsx';
import { ProblemMessage } from '../../components/feedback.tsx';

/** The years with figures: from the first counted year to the current one, newest first. */
export function reportYears(): number[] {
  const current = new Date().getFullYear();
  return Array.from({ length: current - 2025 + 1 }, (_, index) => current - index);
}

export function YearPicker({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <form class="ok-filter" aria-label="Berichtsjahr" onSubmit={(event) => event.preventDefault()}>
      <SelectField id="report-year" label="Berichtsjahr" placeholder={null} value={String(year)} onInput={(value) => onChange(Number(value))} choices={reportYears().map((y) => ({ value: String(y), label: String(y) }))} />
    </form>
  );
}

/** A button that fetches a file with the bearer token and saves it; a failure shows the server's problem. */
export function DownloadButton({ label, fetchAndSave }: { label: string; fetchAndSave: () => Promise<void> }) {
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    try {
      await fetchAndSave();
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <button class="kern-btn kern-btn--secondary" type="button" onClick={run} disabled={state.busy}>
        <span class="kern-label">{state.busy ? 'Wird erstellt …' : label}</span>
      </button>
      {state.error !== undefined && <ProblemMessage error={state.error} />}
    </>
  );
}

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

/** Applications per month (all and online) as lines, with the numbers as a table (the console's chart component). */
export function MonthChart({ kpis }: { kpis: TenantKpis }) {
  const months = kpis.current.months;
  return (
    <LineChart
      id="chart-months"
      title={`Anträge je Monat ${kpis.current.year}`}
      summary={months.map((month, index) => `${MONTHS[index]}: ${month.submitted} Anträge, davon ${month.online} online`).join('; ')}
      xs={months.map((month) => `${month.month}-01`)}
      series={[
        { label: 'Anträge', values: months.map((month) => month.submitted) },
        { label: 'davon online', values: months.map((month) => month.online) },
      ]}
      max={countScale(months.map((month) => month.submitted))}
      format={(value) => String(Math.round(value))}
      formatX={(x) => MONTHS[Number(x.slice(5, 7)) - 1]!}
    />
  );
}

/** Online share per entry (service or municipality) as bars; `label` names the entry. */
export function OnlineShareChart({ id, title, entries }: { id: string; title: string; entries: Array<{ label: string; share: number | null }> }) {
  const text = (share: number | null) => (share === null ? 'keine Anträge' : `${(share * 100).toFixed(1).replace('.', ',')} %`);
  return (
    <BarChart
      id={id}
      title={title}
      summary={entries.map((entry) => `${entry.label}: ${text(entry.share)}`).join('; ')}
      bars={entries.map((entry) => ({ label: entry.label, value: entry.share === null ? null : entry.share * 100, display: text(entry.share) }))}
      max={100}
      format={(value) => `${value.toFixed(1).replace('.', ',')} %`}
      headings={['', 'Online-Anteil']}
    />
  );
}
