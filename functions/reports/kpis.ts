/**
 * The annual e-government KPIs of a tenant (Weiterstadt motion: a verifiable KPI for the budget — the online share —
 * and an annual report), as pure functions over the counters (`counters.ts`) of the report year and the year before,
 * and the training snapshot of the year's last recorded day. The route, the annual report PDF and the web page show
 * the same object.
 *
 * These figures are for the tenant's own administration and council (tenant-admin) and the county (county-admin):
 * exact counts, no suppression. What is published for everyone is the open data (`open-data.ts`), suppressed.
 */
import * as z from '#core/zod';
import { APPLICATION_STATUSES, type ApplicationStatus } from '#functions/applications/model';
import { csvField, germanPercent } from '#functions/training/reports/domain';
import { countersUnder, quantileOf, type Counters } from './counter-values.ts';

/** "Open cases older than N days": N. */
export const OPEN_CASE_AGE_DAYS = 30;

const count = z.int().check(z.nonnegative());
const share = z.nullable(z.number());
const days = z.nullable(z.number());

export const serviceKpisSchema = z.object({
  serviceId: z.string(),
  submitted: count,
  online: count,
  counter: count,
  /** online ÷ submitted, 0…1; null without submissions. */
  onlineShare: share,
  decided: count,
  automatic: count,
  automaticShare: share,
  approved: count,
  rejected: count,
  withdrawn: count,
  expired: count,
  paymentFailed: count,
  failed: count,
  completed: count,
  /** Days from submission to decision: the upper bound of the histogram bucket of the median / 90th percentile. */
  decisionDaysMedian: days,
  decisionDaysP90: days,
  completionDaysMedian: days,
  completionDaysP90: days,
  paymentsBooked: count,
  paymentsBookedCents: count,
  refunds: count,
});
export type ServiceKpis = z.infer<typeof serviceKpisSchema>;

export const monthKpisSchema = z.object({ month: z.string(), submitted: count, online: count, completed: count, decided: count });

export const yearKpisSchema = z.object({
  year: z.int(),
  services: z.array(serviceKpisSchema),
  total: serviceKpisSchema,
  months: z.array(monthKpisSchema),
  openCases: z.object({ total: z.int(), olderThanDays: z.int(), olderThan: z.int() }),
  training: z.object({
    completions: count,
    mandatoryCompletions: count,
    /** Every completion issues one certificate. */
    certificatesIssued: count,
    /** From the daily compliance snapshot of the year's last recorded day (null: none recorded). */
    snapshotDate: z.nullable(z.string()),
    mandatoryAssigned: z.nullable(count),
    mandatoryCompleted: z.nullable(count),
    mandatoryRate: share,
    overdue: z.nullable(count),
  }),
  parkingPermitsIssued: count,
  businessRegistrations: count,
  businessDeregistrations: count,
  /** The county's vehicle registration tasks from the municipalities' changes of address (zero elsewhere). */
  vehicleTasks: z.object({ received: count, done: count, failed: count, reopened: count, turnaroundDaysMedian: days, turnaroundDaysP90: days }),
});
export type YearKpis = z.infer<typeof yearKpisSchema>;

export const tenantKpisSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  current: yearKpisSchema,
  previous: yearKpisSchema,
  /** Generated German sentences about the changes against the previous year. */
  commentary: z.array(z.string()),
});
export type TenantKpis = z.infer<typeof tenantKpisSchema>;

export const kpiReportSchema = z.object({
  year: z.int(),
  generatedAt: z.string(),
  precision: z.string(),
  tenants: z.array(tenantKpisSchema),
});
export type KpiReport = z.infer<typeof kpiReportSchema>;

export const PRECISION_NOTE =
  'Bearbeitungszeiten werden in festen Klassen gezählt (unter 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 180 und 366 Tagen). ' +
  'Median und 90-%-Wert nennen die Obergrenze der Klasse, in die sie fallen: „höchstens so viele Tage“. ' +
  `Offene Fälle älter als ${OPEN_CASE_AGE_DAYS} Tage: nach dem Monat der Antragstellung gezählt (Genauigkeit: ein Monat), aus dem Berichtsjahr und dem Vorjahr.`;

export interface TrainingSnapshotFigures {
  date: string;
  assigned: number;
  completed: number;
  overdue: number;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function emptyService(serviceId: string): ServiceKpis {
  return {
    serviceId, submitted: 0, online: 0, counter: 0, onlineShare: null, decided: 0, automatic: 0, automaticShare: null, approved: 0, rejected: 0,
    withdrawn: 0, expired: 0, paymentFailed: 0, failed: 0, completed: 0, decisionDaysMedian: null, decisionDaysP90: null,
    completionDaysMedian: null, completionDaysP90: null, paymentsBooked: 0, paymentsBookedCents: 0, refunds: 0,
  };
}

const STATUS_FIELDS: Partial<Record<ApplicationStatus, keyof ServiceKpis>> = {
  approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn', expired: 'expired', 'payment-failed': 'paymentFailed', failed: 'failed', completed: 'completed',
};

/** The KPIs of one year from its counters (`sumShards`), the open gauge of this and the previous year, and the training snapshot. */
export function yearKpis(
  year: number,
  counters: Counters,
  input: { openCounters: ReadonlyArray<{ year: number; counters: Counters }>; today: string; snapshot?: TrainingSnapshotFigures | undefined },
): YearKpis {
  const services = new Map<string, ServiceKpis>();
  const months = new Map<string, z.infer<typeof monthKpisSchema>>();
  const histograms = new Map<string, Map<string, number>>();
  const service = (id: string) => services.get(id) ?? services.set(id, emptyService(id)).get(id)!;
  const month = (mm: string) => months.get(mm) ?? months.set(mm, { month: `${year}-${mm}`, submitted: 0, online: 0, completed: 0, decided: 0 }).get(mm)!;
  const addTo = (key: string, bucket: string, value: number) => {
    const histogram = histograms.get(key) ?? histograms.set(key, new Map()).get(key)!;
    histogram.set(bucket, (histogram.get(bucket) ?? 0) + value);
  };
  for (const { parts: [serviceId, channel, status, mm], value } of countersUnder(counters, ['app'])) {
    if (!serviceId || !mm || !APPLICATION_STATUSES.includes(status as ApplicationStatus)) continue;
    const entry = service(serviceId);
    if (status === 'submitted') {
      entry.submitted += value;
      month(mm).submitted += value;
      if (channel === 'online') {
        entry.online += value;
        month(mm).online += value;
      } else entry.counter += value;
    }
    const field = STATUS_FIELDS[status as ApplicationStatus];
    if (field) (entry[field] as number) += value;
    if (status === 'approved' || status === 'rejected') {
      entry.decided += value;
      month(mm).decided += value;
    }
    if (status === 'completed') month(mm).completed += value;
  }
  for (const { parts: [serviceId], value } of countersUnder(counters, ['appAuto'])) if (serviceId) service(serviceId).automatic += value;
  for (const [metric, key] of [['appDecideDays', 'decision'], ['appDoneDays', 'completion']] as const) {
    for (const { parts: [serviceId, bucket], value } of countersUnder(counters, [metric])) {
      if (!serviceId || !bucket) continue;
      service(serviceId);
      addTo(`${key}|${serviceId}`, bucket, value);
      addTo(`${key}|*`, bucket, value);
    }
  }
  for (const { parts: [serviceId, what], value } of countersUnder(counters, ['pay'])) {
    if (!serviceId) continue;
    const entry = service(serviceId);
    if (what === 'booked') entry.paymentsBooked += value;
    if (what === 'bookedCents') entry.paymentsBookedCents += value;
    if (what === 'refunded') entry.refunds += value;
  }
  const withTimes = (entry: ServiceKpis, key: string): ServiceKpis => {
    const decision = histograms.get(`decision|${key}`) ?? new Map();
    const completion = histograms.get(`completion|${key}`) ?? new Map();
    return {
      ...entry,
      onlineShare: ratio(entry.online, entry.submitted),
      automaticShare: ratio(entry.automatic, entry.decided),
      decisionDaysMedian: quantileOf(decision, 0.5),
      decisionDaysP90: quantileOf(decision, 0.9),
      completionDaysMedian: quantileOf(completion, 0.5),
      completionDaysP90: quantileOf(completion, 0.9),
    };
  };
  const list = [...services.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId)).map((entry) => withTimes(entry, entry.serviceId));
  const total = list.reduce<ServiceKpis>((sum, entry) => {
    const next = { ...sum };
    for (const key of Object.keys(entry) as Array<keyof ServiceKpis>) if (typeof entry[key] === 'number' && !/Share|Days/.test(key)) (next[key] as number) = (sum[key] as number) + (entry[key] as number);
    return next;
  }, emptyService('*'));
  const turnaround = new Map<string, number>();
  for (const { parts: [, bucket], value } of countersUnder(counters, ['vehicleDays'])) if (bucket) turnaround.set(bucket, (turnaround.get(bucket) ?? 0) + value);
  const sum = (prefix: string[], last: string) => countersUnder(counters, prefix).filter(({ parts }) => parts[parts.length - 2] === last).reduce((acc, { value }) => acc + value, 0);
  return {
    year,
    services: list,
    total: withTimes(total, '*'),
    months: Array.from({ length: 12 }, (_, index) => month(String(index + 1).padStart(2, '0'))),
    openCases: openCases(input.openCounters, input.today),
    training: {
      completions: sum(['train'], 'completed'),
      mandatoryCompletions: sum(['train'], 'completedMandatory'),
      certificatesIssued: sum(['train'], 'completed'),
      snapshotDate: input.snapshot?.date ?? null,
      mandatoryAssigned: input.snapshot?.assigned ?? null,
      mandatoryCompleted: input.snapshot?.completed ?? null,
      mandatoryRate: input.snapshot ? ratio(input.snapshot.completed, input.snapshot.assigned) : null,
      overdue: input.snapshot?.overdue ?? null,
    },
    vehicleTasks: {
      received: sum(['vehicle'], 'created'),
      done: sum(['vehicle'], 'done'),
      failed: sum(['vehicle'], 'failed'),
      reopened: sum(['vehicle'], 'reopened'),
      turnaroundDaysMedian: quantileOf(turnaround, 0.5),
      turnaroundDaysP90: quantileOf(turnaround, 0.9),
    },
    parkingPermitsIssued: sum(['park'], 'issued'),
    businessRegistrations: sum(['biz'], 'registered'),
    businessDeregistrations: sum(['biz'], 'deregistered'),
  };
}

/** Open applications now, by the month they were submitted; "older than N days": months that ended before today − N. */
function openCases(years: ReadonlyArray<{ year: number; counters: Counters }>, today: string): YearKpis['openCases'] {
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - OPEN_CASE_AGE_DAYS * 86_400_000).toISOString().slice(0, 7);
  let total = 0;
  let older = 0;
  for (const { year, counters } of years) {
    for (const { parts, value } of countersUnder(counters, ['appOpen'])) {
      const month = `${year}-${parts[parts.length - 1]}`;
      total += value;
      if (month < cutoff) older += value;
    }
  }
  return { total: Math.max(0, total), olderThanDays: OPEN_CASE_AGE_DAYS, olderThan: Math.max(0, older) };
}

/** A tenant's KPIs of `year` and the year before, with the commentary; `counters` holds both years. */
export function tenantKpis(
  tenant: { tenantId: string; name: string; years: ReadonlyMap<number, Counters> },
  year: number,
  today: string,
  snapshots: { current?: TrainingSnapshotFigures | undefined; previous?: TrainingSnapshotFigures | undefined } = {},
): TenantKpis {
  const counters = (y: number) => tenant.years.get(y) ?? new Map<string, number>();
  const openCounters = [year - 1, year].map((y) => ({ year: y, counters: counters(y) }));
  const current = yearKpis(year, counters(year), { openCounters, today, snapshot: snapshots.current });
  const previous = yearKpis(year - 1, counters(year - 1), { openCounters: [], today, snapshot: snapshots.previous });
  return { tenantId: tenant.tenantId, tenantName: tenant.name, current, previous, commentary: commentary(current, previous, tenant.name) };
}

const percent = (value: number) => `${(value * 100).toFixed(1).replace('.', ',')} %`;
const points = (value: number) => `${Math.abs(value * 100).toFixed(1).replace('.', ',')} Prozentpunkte`;

/**
 * A short commentary in German of the year's changes against the previous year: applications, online share,
 * automatic decisions, processing time, training. Plain sentences, generated from the figures only.
 */
export function commentary(current: YearKpis, previous: YearKpis, name: string): string[] {
  const lines: string[] = [];
  const now = current.total;
  const before = previous.total;
  if (now.submitted === 0 && before.submitted === 0) lines.push(`${name} hat ${current.year} und im Vorjahr keine Online-Anträge über OpenKreis erhalten.`);
  else if (before.submitted === 0) lines.push(`${current.year} gingen ${now.submitted} Anträge ein; für das Vorjahr liegen keine Zahlen vor.`);
  else {
    const change = (now.submitted - before.submitted) / before.submitted;
    const trend = change === 0 ? 'genauso viele wie' : change > 0 ? `${percent(change)} mehr als` : `${percent(-change)} weniger als`;
    lines.push(`${current.year} gingen ${now.submitted} Anträge ein, ${trend} im Vorjahr (${before.submitted}).`);
  }
  if (now.onlineShare !== null) {
    const trend = before.onlineShare === null ? '' : now.onlineShare === before.onlineShare ? ' – unverändert gegenüber dem Vorjahr' : now.onlineShare > before.onlineShare ? ` – ${points(now.onlineShare - before.onlineShare)} mehr als im Vorjahr` : ` – ${points(now.onlineShare - before.onlineShare)} weniger als im Vorjahr`;
    lines.push(`Der Online-Anteil (die Kennzahl für den Haushalt) lag bei ${percent(now.onlineShare)}${trend}.`);
  }
  if (now.automaticShare !== null) lines.push(`${percent(now.automaticShare)} der Entscheidungen fielen automatisch, ohne Sachbearbeitung.`);
  if (now.decisionDaysMedian !== null) {
    const trend = before.decisionDaysMedian === null || before.decisionDaysMedian === now.decisionDaysMedian ? '' : now.decisionDaysMedian < before.decisionDaysMedian ? `; im Vorjahr höchstens ${before.decisionDaysMedian} Tage – die Verwaltung entscheidet schneller` : `; im Vorjahr höchstens ${before.decisionDaysMedian} Tage – die Bearbeitung dauert länger`;
    lines.push(`Die Hälfte der Anträge war nach höchstens ${now.decisionDaysMedian} ${now.decisionDaysMedian === 1 ? 'Tag' : 'Tagen'} entschieden${trend}.`);
  }
  if (now.rejected > 0 || now.withdrawn > 0) lines.push(`Abgelehnt wurden ${now.rejected}, zurückgezogen ${now.withdrawn} Anträge; ${now.refunds} Gebühren wurden erstattet.`);
  if (current.openCases.olderThan > 0) lines.push(`${current.openCases.olderThan} Anträge sind seit mehr als ${current.openCases.olderThanDays} Tagen offen.`);
  if (current.training.completions > 0 || previous.training.completions > 0) {
    lines.push(`Beschäftigte schlossen ${current.training.completions} Fortbildungen ab (Vorjahr: ${previous.training.completions}); ebenso viele Zertifikate wurden ausgestellt.`);
  }
  if (current.vehicleTasks.received > 0) {
    lines.push(`Die Zulassungsstelle erhielt ${current.vehicleTasks.received} Aufträge aus Adressänderungen; die Hälfte war nach höchstens ${current.vehicleTasks.turnaroundDaysMedian ?? '–'} Tagen erledigt.`);
  }
  if (current.training.mandatoryRate !== null) lines.push(`Pflichtfortbildungen: ${percent(current.training.mandatoryRate)} erfüllt, ${current.training.overdue ?? 0} überfällig (Stand ${current.training.snapshotDate}).`);
  return lines;
}

export const KPI_CSV_HEADER = [
  'Verwaltung', 'Jahr', 'Leistung', 'Anträge', 'davon online', 'am Schalter', 'Online-Anteil', 'Entschieden', 'davon automatisch', 'Bewilligt', 'Abgelehnt',
  'Zurückgezogen', 'Verfallen', 'Zahlung fehlgeschlagen', 'Fehlgeschlagen', 'Abgeschlossen', 'Entscheidung Median (Tage, höchstens)', 'Entscheidung 90 % (Tage, höchstens)',
  'Abschluss Median (Tage, höchstens)', 'Abschluss 90 % (Tage, höchstens)', 'Zahlungen gebucht', 'Betrag gebucht (EUR)', 'Erstattungen',
] as const;

/** The report as CSV for German spreadsheets (`;`, CRLF, BOM — as the training reports): a row per tenant, year and service, and its total. */
export function kpiCsv(report: KpiReport): string {
  const rows = report.tenants.flatMap((tenant) =>
    [tenant.current, tenant.previous].flatMap((year) =>
      [...year.services, year.total].map((entry) =>
        [
          tenant.tenantName, year.year, entry.serviceId === '*' ? 'Alle Leistungen' : entry.serviceId, entry.submitted, entry.online, entry.counter, germanPercent(entry.onlineShare === null ? null : entry.onlineShare * 100),
          entry.decided, entry.automatic, entry.approved, entry.rejected, entry.withdrawn, entry.expired, entry.paymentFailed, entry.failed, entry.completed,
          entry.decisionDaysMedian, entry.decisionDaysP90, entry.completionDaysMedian, entry.completionDaysP90, entry.paymentsBooked,
          (entry.paymentsBookedCents / 100).toFixed(2).replace('.', ','), entry.refunds,
        ].map(csvField).join(';'),
      ),
    ),
  );
  return `\uFEFF${[KPI_CSV_HEADER.join(';'), ...rows].join('\r\n')}\r\n`;
}
