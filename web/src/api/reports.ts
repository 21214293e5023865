import { api } from './client.ts';
import { call, type Answer } from './call.ts';

export type KpiReport = Answer<'GET /reports/kpis'>;
export type TenantKpis = KpiReport['tenants'][number];
export type OpenDataset = Answer<'GET /open-data/{tenantId}/datasets/{datasetId}'>;

export async function kpis(year: number): Promise<KpiReport> {
  return (await call('GET /reports/kpis', { query: { year } })).body;
}

export async function countyKpis(year: number): Promise<KpiReport> {
  return (await call('GET /reports/kpis/county', { query: { year } })).body;
}

const fileNameOf = (headers: Headers, fallback: string) => /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? fallback;

/** The KPI table as the server's CSV (`county`: every municipality). */
export async function kpiCsv(year: number, county = false): Promise<{ text: string; fileName: string }> {
  const response = await api<string>('GET', county ? '/reports/kpis/county' : '/reports/kpis', { query: { year, format: 'csv' } });
  return { text: response.body, fileName: fileNameOf(response.headers, `kennzahlen-${year}.csv`) };
}

export async function annualReportPdf(year: number): Promise<{ blob: Blob; fileName: string }> {
  const response = await api<Blob>('GET', '/reports/annual-report', { query: { year }, binary: true, headers: { accept: 'application/pdf' } });
  return { blob: response.body, fileName: fileNameOf(response.headers, `jahresbericht-${year}.pdf`) };
}

/** A tenant's DCAT-AP.de catalogue (JSON-LD), for everyone. */
export async function openDataCatalogue(tenantId: string): Promise<OpenDataCatalogue> {
  return (await api<OpenDataCatalogue>('GET', `/open-data/${encodeURIComponent(tenantId)}/catalog`, { anonymous: true, headers: { accept: 'application/ld+json' } })).body;
}

export async function openDataset(tenantId: string, datasetId: string, year: number): Promise<OpenDataset> {
  return (await call('GET /open-data/{tenantId}/datasets/{datasetId}', { params: { tenantId, datasetId: datasetId as OpenDataset['datasetId'] }, query: { year }, anonymous: true })).body;
}

/** The parts of the catalogue the open-data page shows. */
export interface OpenDataCatalogue {
  'dct:title': { '@value': string };
  'dcat:dataset': Array<{
    '@id': string;
    'dct:identifier': string;
    'dct:title': { '@value': string };
    'dct:description': { '@value': string };
    'dct:accrualPeriodicity': { '@id': string };
    'dct:temporal': { 'dcat:startDate': { '@value': string }; 'dcat:endDate': { '@value': string } };
    'dcat:contactPoint': { 'vcard:hasEmail': { '@id': string } };
    'dcat:distribution': Array<{ 'dct:title': { '@value': string }; 'dcat:downloadURL': { '@id': string }; 'dct:license': { '@id': string } }>;
  }>;
}
