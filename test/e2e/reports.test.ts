import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * Reports and open data over HTTP against the local platform. One mixed scenario in Meerbusch (applications of every
 * outcome: completed at once and after paying again, withdrawn before and after payment, rejected with a refund,
 * approved by the caseworker, filed at the counter), then: the counters maintained in the writes equal a recount from
 * the data, the KPI routes show them (JSON, CSV), the county sees the municipalities side by side and a municipality
 * only itself, the open data is public with small counts withheld, the DCAT catalogue lists every dataset, and the
 * backfill rebuilds the same counters.
 */
const TENANT = 'meerbusch';
const MEERBUSCH = { street: 'Dorfstraße', postcode: '40667', city: 'Meerbusch', zoneId: 'ME-1' };
const citizen = demoUser('citizen', TENANT);
const caseworker = demoUser('caseworker', TENANT);
const admin = demoUser('tenant-admin', TENANT);
const countyAdmin = demoUser('county-admin', 'rhein-kreis-neuss');
const parking = residentParking(api, MEERBUSCH, citizen);
const YEAR = Number(new Date().toISOString().slice(0, 4));
const DISPENSATION = 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).';

let plates = 0;
const plate = () => `ME-KZ ${(plates += 1) + Math.floor(Math.random() * 8000)}`;

let db: DynamoDBDocumentClient;
let tableName: string;

async function submitted(as = citizen, extra: Record<string, unknown> = {}) {
  const response = await api('POST', '/applications', { as, body: { serviceId: 'resident-parking', form: parkingForm(MEERBUSCH, plate()), ...extra }, headers: { 'idempotency-key': randomUUID() } });
  expect(response.status).toBe(201);
  return response.body as { applicationId: string };
}

/** Every item of the tenant (a Scan with a filter: the test's recount, never a request path). */
async function tenantItems(): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(PK, :t)', ExpressionAttributeValues: { ':t': `${TENANT}#` }, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }));
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}

/** The counters as stored (shards summed, zeros dropped) and the recount of the data, read at the same moment. */
async function countersAndRecount() {
  const { recount } = await import('../../functions/reports/recount.ts');
  const { sumShards } = await import('../../functions/reports/counter-values.ts');
  const items = await tenantItems();
  const stored = sumShards(items.filter((item) => String(item.PK) === `${TENANT}#KPI#${YEAR}`));
  for (const [name, value] of stored) if (value === 0) stored.delete(name);
  const recounted = recount(items.filter((item) => !String(item.PK).includes('#KPI#'))).get(TENANT)?.get(YEAR) ?? new Map();
  return { stored: Object.fromEntries([...stored].sort()), recounted: Object.fromEntries([...recounted].sort()) };
}

beforeAll(async () => {
  const platform = inject('platform');
  Object.assign(process.env, platform.environment);
  tableName = platform.environment.TABLE_NAME!;
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: platform.endpoints.dynamodb }));

  // The mixed scenario, in parallel where independent.
  const paidAtOnce = async () => {
    const app = await submitted();
    await parking.pay(await parking.statusIs(app.applicationId, 'awaiting-payment'));
    await parking.statusIs(app.applicationId, 'completed');
  };
  const paidAgain = async () => {
    const app = await submitted();
    await parking.pay(await parking.statusIs(app.applicationId, 'awaiting-payment'), 'cancel');
    await parking.statusIs(app.applicationId, 'payment-failed');
    expect((await api('POST', `/applications/${app.applicationId}/payment`, { as: citizen })).status).toBe(202);
    await parking.pay(await parking.statusIs(app.applicationId, 'awaiting-payment'));
    await parking.statusIs(app.applicationId, 'completed');
  };
  const withdrawnUnpaid = async () => {
    const app = await submitted();
    await parking.statusIs(app.applicationId, 'awaiting-payment');
    expect((await api('POST', `/applications/${app.applicationId}/withdraw`, { as: citizen })).status).toBe(202);
    await parking.statusIs(app.applicationId, 'withdrawn');
  };
  const decided = async (outcome: 'approve' | 'reject' | 'withdraw') => {
    const app = await parking.leasedAndPaid(plate());
    if (outcome === 'withdraw') {
      expect((await api('POST', `/applications/${app.applicationId}/withdraw`, { as: citizen })).status).toBe(202);
      await eventually(async () => ((await parking.read(app.applicationId)).payment?.refund ? true : undefined));
      return;
    }
    const body = outcome === 'approve' ? { outcome } : { outcome, reason: 'Der Leasingvertrag nennt eine andere Person.', hearingDispensation: DISPENSATION };
    expect((await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body })).status).toBe(200);
    if (outcome === 'approve') await parking.statusIs(app.applicationId, 'completed');
    else await eventually(async () => ((await parking.read(app.applicationId)).payment?.refund ? true : undefined));
  };
  const atTheCounter = async () => {
    const app = await submitted(caseworker, { applicantEmail: 'ohne.konto@example.org' });
    await eventually(async () => {
      const read = (await api('GET', `/applications/${app.applicationId}`, { as: caseworker })).body;
      return read.status === 'awaiting-payment' ? read : undefined;
    }).then((read) => parking.pay(read));
    await eventually(async () => ((await api('GET', `/applications/${app.applicationId}`, { as: caseworker })).body.status === 'completed' ? true : undefined));
  };
  await Promise.all([paidAtOnce(), paidAtOnce(), paidAgain(), withdrawnUnpaid(), decided('approve'), decided('reject'), decided('withdraw'), atTheCounter()]);
}, 120_000);

describe('KPI counters', () => {
  it('equal a recount from the data after the mixed scenario (every status, payments, refunds, permits, the open gauge)', async () => {
    // Other test files write to other tenants only; still, read until two reads agree (nothing in flight).
    const { stored, recounted } = await eventually(async () => {
      const first = await countersAndRecount();
      const second = await countersAndRecount();
      return JSON.stringify(first) === JSON.stringify(second) ? first : undefined;
    });
    expect(stored).toEqual(recounted);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', month: '2-digit' }).format(new Date());
    // The scenario's own facts, so the comparison cannot pass on two empty maps.
    expect(stored[`app|resident-parking|online|submitted|${month}`]).toBeGreaterThanOrEqual(7);
    expect(stored[`app|resident-parking|counter|submitted|${month}`]).toBeGreaterThanOrEqual(1);
    expect(stored[`app|resident-parking|online|withdrawn|${month}`]).toBeGreaterThanOrEqual(2);
    expect(stored[`app|resident-parking|online|rejected|${month}`]).toBeGreaterThanOrEqual(1);
    expect(stored[`pay|resident-parking|refunded|${month}`]).toBeGreaterThanOrEqual(2);
    expect(stored[`park|ME-1|issued|${month}`]).toBeGreaterThanOrEqual(5);
  });

  it('are rebuilt identically by the backfill', async () => {
    const { backfillCounters } = await import('../../infra/cli/kpis-backfill.ts');
    const before = await countersAndRecount();
    const result = await backfillCounters(db, tableName, { tenant: TENANT });
    expect(result.written[`${TENANT}/${YEAR}`]).toBe(Object.keys(before.recounted).length);
    const after = await countersAndRecount();
    expect(after.stored).toEqual(after.recounted);
    const shards = (await tenantItems()).filter((item) => String(item.PK) === `${TENANT}#KPI#${YEAR}`);
    expect(shards.map((item) => item.SK)).toEqual(['SHARD#0']);
  });
});

describe('GET /reports/kpis', () => {
  it('gives the tenant admin its KPIs with the generated commentary, as JSON and as CSV for German spreadsheets', async () => {
    const response = await api('GET', `/reports/kpis?year=${YEAR}`, { as: admin });
    expect(response.status).toBe(200);
    const [tenant] = response.body.tenants;
    expect(response.body.tenants).toHaveLength(1);
    expect(tenant.tenantId).toBe(TENANT);
    const parkingKpis = tenant.current.services.find((service: { serviceId: string }) => service.serviceId === 'resident-parking');
    expect(parkingKpis.submitted).toBeGreaterThanOrEqual(8);
    expect(parkingKpis.counter).toBeGreaterThanOrEqual(1);
    expect(parkingKpis.onlineShare).toBeGreaterThan(0);
    expect(parkingKpis.onlineShare).toBeLessThan(1);
    expect(parkingKpis.decisionDaysMedian).toBe(1);
    expect(tenant.current.parkingPermitsIssued).toBeGreaterThanOrEqual(5);
    expect(tenant.commentary.join(' ')).toMatch(/Online-Anteil/);

    const csv = await api('GET', `/reports/kpis?year=${YEAR}&format=csv`, { as: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // (fetch's text() drops the byte order mark the file starts with)
    expect(csv.body.startsWith('Verwaltung;Jahr;Leistung;Anträge')).toBe(true);
  });

  it('shows a municipality only its own figures, and the county every municipality side by side', async () => {
    const neuss = await api('GET', '/reports/kpis', { as: demoUser('tenant-admin', 'neuss') });
    expect(neuss.body.tenants.map((tenant: { tenantId: string }) => tenant.tenantId)).toEqual(['neuss']);
    expect((await api('GET', '/reports/kpis/county', { as: demoUser('tenant-admin', 'neuss') })).status).toBe(403);
    const county = await api('GET', `/reports/kpis/county?year=${YEAR}`, { as: countyAdmin });
    expect(county.status).toBe(200);
    const ids = county.body.tenants.map((tenant: { tenantId: string }) => tenant.tenantId);
    expect(ids).toEqual(expect.arrayContaining(['neuss', 'meerbusch', 'juechen', 'rhein-kreis-neuss']));
    const meerbusch = county.body.tenants.find((tenant: { tenantId: string }) => tenant.tenantId === TENANT);
    expect(meerbusch.current.total.submitted).toBeGreaterThanOrEqual(8);
  });

  it('answers a year that is not a year, or lies ahead, with a German 400 naming query/year', async () => {
    for (const year of ['zwanzig', '1999', String(YEAR + 1)]) {
      const response = await api('GET', `/reports/kpis?year=${year}`, { as: admin });
      expect(response.status, year).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('query/year');
    }
  });

  it('renders the annual report as a PDF', async () => {
    const response = await fetch(`${inject('platform').url}/reports/annual-report?year=${YEAR}`, { headers: { authorization: `Bearer ${(await api('POST', '/local/token', { body: { username: admin } })).body.idToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('open data', () => {
  it('publishes the applications per service and month to everyone, cacheable, as JSON and CSV', async () => {
    const json = await api('GET', `/open-data/${TENANT}/datasets/antraege?year=${YEAR}`);
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(json.body.licence).toMatch(/dl-de\/by-2-0/);
    const csv = await api('GET', `/open-data/${TENANT}/datasets/bewohnerparkausweise?year=${YEAR}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.body.startsWith('Zeitraum;Schlüssel;Zone;Anzahl')).toBe(true);
    expect(csv.body).toContain(`${YEAR}-`);
    // Every dataset answers, and no published count is 1 or 2.
    for (const dataset of ['antraege', 'bewohnerparkausweise', 'gewerbeanmeldungen', 'fortbildungen']) {
      for (const tenant of ['neuss', TENANT, 'juechen']) {
        const response = await api('GET', `/open-data/${tenant}/datasets/${dataset}?year=${YEAR}`);
        expect(response.status, `${tenant} ${dataset}`).toBe(200);
        for (const row of response.body.rows) expect([1, 2]).not.toContain(row.count);
      }
    }
  });

  it('answers an unknown authority with 404 and an unknown dataset with 400, in German', async () => {
    const unknown = await api('GET', '/open-data/nirgendwo/datasets/antraege');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/keine Verwaltung/);
    const dataset = await api('GET', `/open-data/${TENANT}/datasets/geheim`);
    expect(dataset.status).toBe(400);
    expect(dataset.body.errors[0].field).toBe('path/datasetId');
  });

  it('publishes a DCAT-AP.de catalogue that parses and lists every dataset with a CSV and a JSON distribution per year', async () => {
    const response = await api('GET', `/open-data/${TENANT}/catalog`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/ld+json');
    const catalogue = response.body;
    expect(catalogue['@type']).toBe('dcat:Catalog');
    const ids = catalogue['dcat:dataset'].map((dataset: { 'dct:identifier': string }) => dataset['dct:identifier']);
    expect(ids).toEqual(['antraege', 'bewohnerparkausweise', 'gewerbeanmeldungen', 'fortbildungen'].map((id) => `${TENANT}-${id}`));
    for (const dataset of catalogue['dcat:dataset']) {
      const distributions = dataset['dcat:distribution'];
      expect(distributions.some((d: { 'dct:format': { '@id': string } }) => d['dct:format']['@id'].endsWith('/CSV'))).toBe(true);
      // Each download URL answers (the path below the site's /api).
      const url = new URL(distributions.at(-1)['dcat:downloadURL']['@id']);
      expect((await api('GET', `${url.pathname.replace(/^\/api/, '')}${url.search}`)).status).toBe(200);
    }
  });
});
