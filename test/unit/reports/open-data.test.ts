import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { tallyEvents } from '../../../functions/reports/counter-values.ts';
import { DATASET_IDS, LICENCE, catalogue, datasetCsv, datasetOf } from '../../../functions/reports/open-data.ts';

const counters = (events: Parameters<typeof tallyEvents>[0]) => tallyEvents(events).get(2026) ?? new Map<string, number>();
const at = (month: number) => `2026-${String(month).padStart(2, '0')}-10T10:00:00.000Z`;

describe('open datasets', () => {
  it('withhold counts of 1 and 2 as "< 3" and the value that would give them back as "x"; zeros and totals are shown', () => {
    const dataset = datasetOf('neuss', 'bewohnerparkausweise', 2026, counters([
      { name: ['park', 'NE-1', 'issued'], at: at(3), by: 1 },
      { name: ['park', 'NE-2', 'issued'], at: at(3), by: 9 },
      { name: ['park', 'NE-3', 'issued'], at: at(3), by: 12 },
      { name: ['park', 'NE-2', 'issued'], at: at(4), by: 5 },
    ]), '2026-04');
    const march = Object.fromEntries(dataset.rows.filter((row) => row.period === '2026-03').map((row) => [row.part, row.count]));
    expect(march).toEqual({ 'NE-1': '< 3', 'NE-2': 'x', 'NE-3': 12, '*': 22 });
    const april = Object.fromEntries(dataset.rows.filter((row) => row.period === '2026-04').map((row) => [row.part, row.count]));
    expect(april).toEqual({ 'NE-1': 0, 'NE-2': 5, 'NE-3': 0, '*': 5 });
    // Nothing after the covered month, no yearly sums.
    expect(dataset.rows.map((row) => row.period)).not.toContain('2026-05');
    expect(dataset.rows.some((row) => row.period === '2026')).toBe(false);
  });

  it('count training completions per quarter, and write CSV for German spreadsheets', () => {
    const dataset = datasetOf('neuss', 'fortbildungen', 2026, counters([
      { name: ['train', 'datenschutz', 'completed'], at: at(1), by: 4 },
      { name: ['train', 'datenschutz', 'completed'], at: at(3), by: 3 },
      { name: ['train', 'datenschutz', 'completedMandatory'], at: at(3), by: 3 },
    ]), '2026-12');
    expect(dataset.rows.filter((row) => row.part === 'datenschutz').map((row) => [row.period, row.count])).toEqual([['2026-Q1', 7], ['2026-Q2', 0], ['2026-Q3', 0], ['2026-Q4', 0]]);
    const csv = datasetCsv(dataset);
    expect(csv.startsWith('\uFEFFZeitraum;Schlüssel;Kurs;Anzahl\r\n2026-Q1;datenschutz;datenschutz;7\r\n')).toBe(true);
  });
});

/**
 * Structural check of the DCAT-AP.de 2.0 catalogue (JSON-LD) — what the specification makes mandatory or recommended
 * for catalogue, dataset and distribution. Not a SHACL validation: the shapes are not part of this repository (see
 * docs/reports.md for the one-off validation against the DCAT-AP.de SHACL shapes).
 */
const iri = z.object({ '@id': z.string().check(z.regex(/^(https?|mailto|tel):/)) });
const text = z.object({ '@value': z.string().check(z.minLength(3)), '@language': z.literal('de') });
const date = z.object({ '@value': z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), '@type': z.literal('xsd:date') });
const agent = z.object({ '@type': z.literal('foaf:Agent'), 'foaf:name': z.string() });
const distribution = z.object({
  '@type': z.literal('dcat:Distribution'),
  'dcat:accessURL': iri,
  'dcat:downloadURL': iri,
  'dct:format': iri,
  'dcat:mediaType': iri,
  'dct:license': z.object({ '@id': z.literal(LICENCE.iri) }),
  'dcatde:licenseAttributionByText': text,
  'dct:title': text,
});
const dataset = z.object({
  '@id': z.string(),
  '@type': z.literal('dcat:Dataset'),
  'dct:title': text,
  'dct:description': text,
  'dct:identifier': z.string(),
  'dcat:keyword': z.array(text).check(z.minLength(1)),
  'dcat:theme': iri,
  'dct:publisher': agent,
  'dcat:contactPoint': z.object({ '@type': z.tuple([z.literal('vcard:Kind'), z.literal('vcard:Organization')]), 'vcard:fn': z.string(), 'vcard:hasEmail': iri }),
  'dct:issued': date,
  'dct:accrualPeriodicity': iri,
  'dct:temporal': z.object({ '@type': z.literal('dct:PeriodOfTime'), 'dcat:startDate': date, 'dcat:endDate': date }),
  'dcatde:politicalGeocodingLevelURI': iri,
  'dcatde:politicalGeocodingURI': iri,
  'dcat:distribution': z.array(distribution).check(z.minLength(2)),
});
const catalogueSchema = z.object({
  '@context': z.record(z.string(), z.string()),
  '@type': z.literal('dcat:Catalog'),
  'dct:title': text,
  'dct:description': text,
  'dct:publisher': agent,
  'dcat:dataset': z.array(dataset),
});

describe('the DCAT-AP.de catalogue', () => {
  const input = { tenantId: 'neuss', name: 'Stadt Neuss', ags: '05162024', email: 'info@neuss.example', phone: '+49 2131 90-0', site: 'https://portal.example', years: [2025, 2026], today: '2026-12-06' };

  it('parses as JSON and lists every dataset with the mandatory properties (structural check, not SHACL)', () => {
    const parsed = z.parse(catalogueSchema, JSON.parse(JSON.stringify(catalogue(input))));
    expect(parsed['dcat:dataset'].map((entry) => entry['dct:identifier'])).toEqual(DATASET_IDS.map((id) => `neuss-${id}`));
    for (const entry of parsed['dcat:dataset']) {
      // A CSV and a JSON distribution for every year, under dl-de/by-2-0, from 1 January of the first year to the day covered.
      expect(entry['dcat:distribution'].map((d) => d['dcat:downloadURL']['@id'].replace(/^.*\?/, ''))).toEqual(['year=2025&format=csv', 'year=2025&format=json', 'year=2026&format=csv', 'year=2026&format=json']);
      expect(entry['dct:temporal']['dcat:startDate']['@value']).toBe('2025-01-01');
      expect(entry['dct:temporal']['dcat:endDate']['@value']).toBe('2026-12-06');
      expect(entry['dct:publisher']['foaf:name']).toBe('Stadt Neuss');
      expect(entry['dcatde:politicalGeocodingURI']['@id']).toBe('http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05162024');
    }
    expect(parsed['dcat:dataset'].map((entry) => entry['dct:accrualPeriodicity']['@id'].split('/').pop())).toEqual(['MONTHLY', 'MONTHLY', 'MONTHLY', 'QUARTERLY']);
  });
});
