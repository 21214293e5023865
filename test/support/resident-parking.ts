import { randomUUID } from 'node:crypto';
import { checkoutPath, eventually, type ApiCall } from './api-client.ts';

/**
 * Resident parking applications over HTTP, for any platform (`api` of the shared one, or of a platform a test runs
 * itself): the form, submitting, paying in the sandbox, waiting for a status, and a leased car with its proof (which
 * a caseworker must decide).
 */
export interface TenantStreet {
  street: string;
  postcode: string;
  city: string;
  zoneId: string;
}

let houseNumber = 1;

/** Every form gets its own house number (the household limit is per address); numbers 1–99 lie in the zone. */
export function parkingForm(at: TenantStreet, plate: string, overrides: Record<string, unknown> = {}) {
  houseNumber = (houseNumber % 99) + 1;
  return {
    applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    residence: { street: at.street, houseNumber: String(houseNumber), postcode: at.postcode, city: at.city },
    registeredAtAddressSince: '2020-03-01',
    plate,
    vehicle: { relation: 'keeper', weightKg: 1400 },
    zoneId: at.zoneId,
    validityMonths: 12,
    consent: true,
    ...overrides,
  };
}

export function residentParking(api: ApiCall, at: TenantStreet, citizen: string) {
  const submit = (form: unknown, key = randomUUID(), as = citizen) =>
    api('POST', '/applications', { as, body: { serviceId: 'resident-parking', form }, headers: { 'idempotency-key': key } });

  const read = async (id: string) => (await api('GET', `/applications/${id}`, { as: citizen })).body;

  const statusIs = (id: string, status: string, timeoutMs = 20_000) =>
    eventually(async () => {
      const app = await read(id);
      return app.status === status ? app : undefined;
    }, timeoutMs);

  // Through the checkout link the applicant gets (their view of the application carries no payment id). A tenant on
  // XBezahldienste (pull: Dormagen in the seed) is told nothing by its provider: the payer returns to the status page,
  // which asks for the payment's status — as the web app does.
  const pay = async (app: { applicationId?: string; payment: { checkoutUrl: string } }, action: 'pay' | 'cancel' | 'fail' = 'pay') => {
    const page = new URL(app.payment.checkoutUrl).pathname;
    if (!page.startsWith('/xbezahldienste-sandbox/')) return api('POST', checkoutPath(app), { body: { action } });
    const answer = await api('POST', page, { body: { action } });
    if (app.applicationId) await api('POST', `/applications/${app.applicationId}/payment/check`, { as: citizen });
    return answer;
  };

  /** A leased car with its proof, paid: it waits for the caseworker (`awaiting-decision`). */
  async function leasedAndPaid(plate: string) {
    const upload = await api('POST', '/uploads', {
      as: citizen,
      body: { kind: 'vehicle-use-proof', fileName: 'Leasingvertrag.pdf', contentType: 'application/pdf', sizeBytes: 25 },
    });
    if (upload.status !== 201) throw new Error(`Upload refused: ${upload.status} ${JSON.stringify(upload.body)}`);
    const file = Buffer.from('%PDF-1.4\n% Leasingvertrag\n'.padEnd(25, ' ')).subarray(0, 25);
    const put = await fetch(upload.body.url, { method: 'PUT', headers: upload.body.headers, body: file });
    if (!put.ok) throw new Error(`Upload failed: ${put.status}`);
    const submitted = await submit(parkingForm(at, plate, { vehicle: { relation: 'lease', weightKg: 1600, proofUploadId: upload.body.uploadId } }));
    if (submitted.status !== 201) throw new Error(`Submission refused: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const awaiting = await statusIs(submitted.body.applicationId, 'awaiting-payment');
    await pay(awaiting);
    return statusIs(awaiting.applicationId, 'awaiting-decision');
  }

  return { submit, read, statusIs, pay, leasedAndPaid };
}
