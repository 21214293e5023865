/**
 * Open data of a tenant (Erkelenz vision statements: the town's data open for everyone, in good quality): four
 * datasets from the KPI counters, published per year as CSV and JSON, and a DCAT-AP.de 2.0 catalogue of them so that
 * GovData-style portals can harvest it.
 *
 * Every dataset is a table per period (month or quarter) whose parts exhaust the period's total (each application has
 * one service, each permit one zone, …). Counts of 1 or 2 are shown as "< 3", and values from which such a count could
 * be computed are withheld as well ("x") — `publishableTable` (small-counts.ts, § 16 BStatG practice). Sums over the
 * year are not published: the monthly totals are, and a yearly sum would give withheld months back.
 *
 * Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0, https://www.govdata.de/dl-de/by-2-0).
 * DCAT-AP.de 2.0: https://www.dcat-ap.de/def/dcatde/2.0/spec/ (classes and properties used below are named there).
 */
import * as z from '#core/zod';
import { csvField } from '#functions/training/reports/domain';
import { serviceDescriptor } from '#functions/services/descriptors';
import { WZ_SECTIONS } from '#functions/services/business/wz';
import { countersUnder, type Counters } from './counter-values.ts';
import { publishableTable, type PublishedCell } from './small-counts.ts';

export const DATASET_IDS = ['antraege', 'bewohnerparkausweise', 'gewerbeanmeldungen', 'fortbildungen'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

type Period = 'month' | 'quarter';

interface DatasetDefinition {
  title: string;
  description: string;
  keywords: string[];
  period: Period;
  /** The column naming the part, e.g. "Leistung". */
  partLabel: string;
  /** The counters under this prefix, with the part at `partIndex` and the event name last but one. */
  prefix: string;
  event: string;
  label: (part: string) => string;
  /** EU data theme (http://publications.europa.eu/resource/authority/data-theme/…). */
  theme: 'GOVE' | 'ECON' | 'TRAN' | 'EDUC';
}

export const DATASETS: Record<DatasetId, DatasetDefinition> = {
  antraege: {
    title: 'Online-Anträge nach Leistung und Monat',
    description: 'Anzahl der über OpenKreis gestellten Anträge je Verwaltungsleistung und Monat (online und am Schalter aufgenommen).',
    keywords: ['Anträge', 'Onlinezugangsgesetz', 'Verwaltungsleistungen', 'E-Government'],
    period: 'month',
    partLabel: 'Leistung',
    prefix: 'app',
    event: 'submitted',
    label: (serviceId) => serviceDescriptor(serviceId)?.title ?? serviceId,
    theme: 'GOVE',
  },
  bewohnerparkausweise: {
    title: 'Ausgestellte Bewohnerparkausweise nach Zone und Monat',
    description: 'Anzahl der ausgestellten Bewohnerparkausweise je Bewohnerparkzone und Monat.',
    keywords: ['Bewohnerparken', 'Parkausweis', 'Verkehr'],
    period: 'month',
    partLabel: 'Zone',
    prefix: 'park',
    event: 'issued',
    label: (zoneId) => `Zone ${zoneId}`,
    theme: 'TRAN',
  },
  gewerbeanmeldungen: {
    title: 'Gewerbeanmeldungen nach Wirtschaftsabschnitt (WZ 2008) und Monat',
    description: 'Anzahl der ins Gewerberegister eingetragenen Gewerbeanmeldungen (GewA1) je Abschnitt der Klassifikation der Wirtschaftszweige 2008 und Monat.',
    keywords: ['Gewerbe', 'Gewerbeanmeldung', 'Wirtschaft', 'WZ 2008'],
    period: 'month',
    partLabel: 'WZ-Abschnitt',
    prefix: 'biz',
    event: 'registered',
    label: (section) => (section === '-' ? 'ohne Angabe' : `${section} – ${WZ_SECTIONS.find((entry) => entry.section === section)?.title ?? section}`),
    theme: 'ECON',
  },
  fortbildungen: {
    title: 'Abgeschlossene Fortbildungen der Beschäftigten nach Kurs und Quartal',
    description: 'Anzahl der abgeschlossenen Fortbildungen (ausgestellte Zertifikate) der Beschäftigten der Verwaltung je Kurs und Quartal.',
    keywords: ['Fortbildung', 'Personal', 'Verwaltung'],
    period: 'quarter',
    partLabel: 'Kurs',
    prefix: 'train',
    event: 'completed',
    label: (courseId) => courseId,
    theme: 'EDUC',
  },
};

export const SUPPRESSION_NOTE =
  '„< 3“: ein oder zwei Fälle (nicht genau ausgewiesen, um Einzelpersonen zu schützen). „x“: aus Geheimhaltungsgründen nicht ausgewiesen, ' +
  'weil sich sonst ein kleiner Wert errechnen ließe. Jahressummen werden aus demselben Grund nicht veröffentlicht.';

/** A published count: the number, "< 3" or "x". */
const shownSchema = z.union([z.int(), z.literal('< 3'), z.literal('x')]);
export const datasetRowSchema = z.object({ period: z.string(), part: z.string(), label: z.string(), count: shownSchema });
export const datasetSchema = z.object({
  tenantId: z.string(),
  datasetId: z.enum(DATASET_IDS),
  title: z.string(),
  year: z.int(),
  licence: z.string(),
  note: z.string(),
  rows: z.array(datasetRowSchema),
});
export type Dataset = z.infer<typeof datasetSchema>;

const show = (cell: PublishedCell): number | '< 3' | 'x' => ('value' in cell ? cell.value : cell.withheld === 'small' ? '< 3' : 'x');

const periodOf = (period: Period, year: number, month: string) => (period === 'month' ? `${year}-${month}` : `${year}-Q${Math.ceil(Number(month) / 3)}`);

/** The periods of a year up to `lastPeriod` (inclusive), e.g. `2026-01` … `2026-12`, `2026-Q1` … `2026-Q4`. */
function periodsOf(period: Period, year: number): string[] {
  return period === 'month' ? Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`) : [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}

/**
 * One dataset of a year from the tenant's counters: per period its parts (every part that occurs in the year, so a
 * reader sees the zeros too) and the period's total (part `*`), suppressed; periods after `until` (`yyyy-mm`) left out.
 */
export function datasetOf(tenantId: string, datasetId: DatasetId, year: number, counters: Counters, until: string): Dataset {
  const definition = DATASETS[datasetId];
  const counts = new Map<string, Map<string, number>>();
  const parts = new Set<string>();
  for (const { parts: name, value } of countersUnder(counters, [definition.prefix])) {
    const month = name[name.length - 1]!;
    if (name[name.length - 2] !== definition.event) continue;
    const part = name[0]!;
    parts.add(part);
    const period = periodOf(definition.period, year, month);
    const row = counts.get(period) ?? counts.set(period, new Map()).get(period)!;
    row.set(part, (row.get(part) ?? 0) + value);
  }
  const sorted = [...parts].sort((a, b) => a.localeCompare(b, 'de'));
  const lastPeriod = periodOf(definition.period, Number(until.slice(0, 4)), until.slice(5, 7));
  const rows: Dataset['rows'] = [];
  for (const period of periodsOf(definition.period, year)) {
    if (period > lastPeriod) break;
    const row = counts.get(period) ?? new Map<string, number>();
    const values = sorted.map((part) => [part, row.get(part) ?? 0] as const);
    const published = publishableTable(values.reduce((sum, [, count]) => sum + count, 0), values);
    for (const part of sorted) rows.push({ period, part, label: definition.label(part), count: show(published.parts[part]!) });
    rows.push({ period, part: '*', label: 'Insgesamt', count: show(published.total) });
  }
  return { tenantId, datasetId, title: definition.title, year, licence: LICENCE.name, note: SUPPRESSION_NOTE, rows };
}

/** The dataset as CSV (`;`, CRLF, UTF-8 BOM — as the other reports). */
export function datasetCsv(dataset: Dataset): string {
  const header = ['Zeitraum', 'Schlüssel', DATASETS[dataset.datasetId].partLabel, 'Anzahl'];
  const lines = [header.join(';'), ...dataset.rows.map((row) => [row.period, row.part, row.label, row.count].map((value) => csvField(value)).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// --- DCAT-AP.de 2.0 ------------------------------------------------------------------------------------------------

export const LICENCE = {
  /** DCAT-AP.de licence vocabulary (http://dcat-ap.de/def/licenses/). */
  iri: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
  name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)',
};

const FREQUENCY = { month: 'MONTHLY', quarter: 'QUARTERLY' } as const;

export interface CatalogueInput {
  tenantId: string;
  name: string;
  ags: string;
  email: string;
  phone?: string | undefined;
  /** Origin of the portal, e.g. `https://portal.example`. */
  site: string;
  /** The years with figures, oldest first. */
  years: readonly number[];
  /** `yyyy-mm-dd`: the last day the figures cover. */
  today: string;
}

/**
 * The catalogue of a tenant as JSON-LD (DCAT-AP.de 2.0): a dcat:Catalog published by the tenant, one dcat:Dataset per
 * dataset (title, description, keywords, EU data theme, publisher, contact point, update frequency, temporal coverage,
 * political geocoding of the municipality by its AGS) and per year one CSV and one JSON dcat:Distribution under
 * dl-de/by-2-0 with the attribution text.
 */
export function catalogue(input: CatalogueInput): Record<string, unknown> {
  const api = `${input.site}/api/open-data/${input.tenantId}`;
  const publisher = { '@id': `${input.site}/offene-daten/${input.tenantId}#herausgeber`, '@type': 'foaf:Agent', 'foaf:name': input.name };
  const contact = {
    // vcard:Kind too: the shapes check the class, and a harvester need not know that Organization is a Kind.
    '@type': ['vcard:Kind', 'vcard:Organization'],
    'vcard:fn': input.name,
    'vcard:hasEmail': { '@id': `mailto:${input.email}` },
    ...(input.phone ? { 'vcard:hasTelephone': { '@id': `tel:${input.phone.replace(/[^+0-9]/g, '')}` } } : {}),
  };
  const first = input.years[0] ?? Number(input.today.slice(0, 4));
  const datasets = DATASET_IDS.map((datasetId) => {
    const definition = DATASETS[datasetId];
    return {
      '@id': `${api}/datasets/${datasetId}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': `${input.tenantId}-${datasetId}`,
      'dct:title': { '@value': definition.title, '@language': 'de' },
      'dct:description': { '@value': `${definition.description} ${SUPPRESSION_NOTE}`, '@language': 'de' },
      'dcat:keyword': definition.keywords.map((keyword) => ({ '@value': keyword, '@language': 'de' })),
      'dcat:theme': { '@id': `http://publications.europa.eu/resource/authority/data-theme/${definition.theme}` },
      'dct:publisher': publisher,
      'dcat:contactPoint': contact,
      'dct:accrualPeriodicity': { '@id': `http://publications.europa.eu/resource/authority/frequency/${FREQUENCY[definition.period]}` },
      'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': { '@value': `${first}-01-01`, '@type': 'xsd:date' }, 'dcat:endDate': { '@value': input.today, '@type': 'xsd:date' } },
      'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
      'dcatde:politicalGeocodingLevelURI': { '@id': 'http://dcat-ap.de/def/politicalGeocoding/Level/municipality' },
      'dcatde:politicalGeocodingURI': { '@id': `http://dcat-ap.de/def/politicalGeocoding/municipalityKey/${input.ags}` },
      'dct:issued': { '@value': `${first}-01-01`, '@type': 'xsd:date' },
      'dct:modified': { '@value': input.today, '@type': 'xsd:date' },
      'dcat:landingPage': { '@id': `${input.site}/offene-daten/${input.tenantId}` },
      'dcat:distribution': input.years.flatMap((year) =>
        (['csv', 'json'] as const).map((format) => ({
          '@id': `${api}/datasets/${datasetId}?year=${year}&format=${format}`,
          '@type': 'dcat:Distribution',
          'dct:title': { '@value': `${definition.title} ${year} (${format.toUpperCase()})`, '@language': 'de' },
          'dcat:accessURL': { '@id': `${api}/datasets/${datasetId}?year=${year}&format=${format}` },
          'dcat:downloadURL': { '@id': `${api}/datasets/${datasetId}?year=${year}&format=${format}` },
          'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${format.toUpperCase()}` },
          'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${format === 'csv' ? 'text/csv' : 'application/json'}` },
          'dct:license': { '@id': LICENCE.iri },
          'dcatde:licenseAttributionByText': { '@value': `${input.name} (${year}), ${LICENCE.name}`, '@language': 'de' },
          'dct:modified': { '@value': input.today, '@type': 'xsd:date' },
        })),
      ),
    };
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${api}/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': { '@value': `Offene Daten – ${input.name}`, '@language': 'de' },
    'dct:description': { '@value': `Offene Verwaltungsdaten von ${input.name} aus OpenKreis: Anträge, Bewohnerparken, Gewerbe und Fortbildung. ${SUPPRESSION_NOTE}`, '@language': 'de' },
    'dct:publisher': publisher,
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
    'dct:license': { '@id': LICENCE.iri },
    'foaf:homepage': { '@id': `${input.site}/offene-daten/${input.tenantId}` },
    'dct:modified': { '@value': input.today, '@type': 'xsd:date' },
    'dcat:dataset': datasets,
  };
}
