import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, demoUser, eventually, paymentIdOf } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * Nothing burned, nothing stuck — over HTTP against the local platform, in a tenant no other test uses
 * (Korschenbroich), so its case-number counter is this file's alone:
 * - concurrent duplicates take one case number, and concurrent applications for one plate are refused before anyone
 *   pays, with a German 409;
 * - the plate is held while its application runs, freed whichever way the application ends without a permit, and
 *   kept by the permit;
 * - a payment whose confirmation never arrives is completed from the provider's status by the repair schedule.
 */
const TENANT = 'korschenbroich';
const citizen = demoUser('citizen', TENANT);
const caseworker = demoUser('caseworker', TENANT);
const KORSCHENBROICH = { street: 'Sebastianusstraße', postcode: '41352', city: 'Korschenbroich', zoneId: 'KO-1' };
const parking = residentParking(api, KORSCHENBROICH, citizen);

const sequenceOf = (caseNumber: string) => Number(caseNumber.split('-').at(-1));
let plates = 0;
/** A plate no other test of this file uses. */
const nextPlate = () => `KO-DU ${(plates += 1)}`;

async function applicationsFor(plate: string) {
  const mine = await api('GET', '/applications?limit=100', { as: citizen });
  return (mine.body.items as Array<{ form: { plate: string } }>).filter((app) => app.form.plate === plate);
}

describe('concurrent submissions', () => {
  it('creates one application for 50 submissions with one Idempotency-Key, and takes one case number: the next application gets the next', async () => {
    const key = randomUUID();
    const form = parkingForm(KORSCHENBROICH, nextPlate());
    const responses = await Promise.all(Array.from({ length: 50 }, () => parking.submit(form, key)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(49);
    expect(new Set(responses.map((response) => response.body.applicationId)).size).toBe(1);
    expect(await applicationsFor(form.plate)).toHaveLength(1);

    const next = await parking.submit(parkingForm(KORSCHENBROICH, nextPlate()));
    expect(next.status).toBe(201);
    expect(sequenceOf(next.body.caseNumber)).toBe(sequenceOf(responses[0]!.body.caseNumber) + 1);
  });

  it('accepts one of 50 applications for the same plate with different keys; the others get a German 409 before anyone pays', async () => {
    const plate = nextPlate();
    const responses = await Promise.all(Array.from({ length: 50 }, () => parking.submit(parkingForm(KORSCHENBROICH, plate))));
    const accepted = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const response of refused) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({
        status: 409,
        detail: expect.stringMatching(/^Für dieses Kennzeichen wird bereits ein Antrag auf einen Bewohnerparkausweis bearbeitet/),
        errors: [{ field: 'body/form/plate', message: 'Für dieses Kennzeichen läuft bereits ein Antrag.' }],
      });
      expect(JSON.stringify(response.body)).not.toContain(plate);
    }
    // One application, so one payment at most; and the refused ones took no case number.
    expect(await applicationsFor(plate)).toHaveLength(1);
    await parking.statusIs(accepted[0]!.body.applicationId, 'awaiting-payment');
    const next = await parking.submit(parkingForm(KORSCHENBROICH, nextPlate()));
    expect(sequenceOf(next.body.caseNumber)).toBe(sequenceOf(accepted[0]!.body.caseNumber) + 1);
  });
});

describe('the reservation of a plate', () => {
  const endings: Array<[string, string, (plate: string) => Promise<string>]> = [
    [
      'the applicant withdraws',
      'withdrawn',
      async (plate) => {
        const app = await parking.statusIs((await parking.submit(parkingForm(KORSCHENBROICH, plate))).body.applicationId, 'awaiting-payment');
        // Until the workflow has registered its wait for the payment, the API answers 409 "try again in a few
        // seconds" (nothing changed); a client tries again, as the status page does.
        await eventually(async () => (await api('POST', `/applications/${app.applicationId}/withdraw`, { as: citizen })).status === 202);
        return app.applicationId;
      },
    ],
    [
      'the payment fails',
      'payment-failed',
      async (plate) => {
        const app = await parking.statusIs((await parking.submit(parkingForm(KORSCHENBROICH, plate))).body.applicationId, 'awaiting-payment');
        await parking.pay(app, 'fail');
        return app.applicationId;
      },
    ],
    [
      'the payer cancels',
      'payment-failed',
      async (plate) => {
        const app = await parking.statusIs((await parking.submit(parkingForm(KORSCHENBROICH, plate))).body.applicationId, 'awaiting-payment');
        await parking.pay(app, 'cancel');
        return app.applicationId;
      },
    ],
    [
      'the caseworker rejects',
      'rejected',
      async (plate) => {
        const app = await parking.leasedAndPaid(plate);
        const decided = await api('POST', `/applications/${app.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason: 'Der Leasingvertrag nennt eine andere Person.', hearingDispensation: 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } });
        expect(decided.status).toBe(200);
        return app.applicationId;
      },
    ],
  ];

  it.each(endings)('is released when %s (the application ends %s without a permit): the plate can be applied for again', async (_case, status, end) => {
    const plate = nextPlate();
    const id = await end(plate);
    await parking.statusIs(id, status);
    const again = await parking.submit(parkingForm(KORSCHENBROICH, plate));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // The new application holds the plate now.
    expect((await parking.submit(parkingForm(KORSCHENBROICH, plate))).status).toBe(409);
  });

  it('passes to the permit: after it is issued a second application is refused with 422 and the permit\'s validity', async () => {
    const plate = nextPlate();
    const app = await parking.statusIs((await parking.submit(parkingForm(KORSCHENBROICH, plate))).body.applicationId, 'awaiting-payment');
    await parking.pay(app);
    await parking.statusIs(app.applicationId, 'completed');
    const second = await parking.submit(parkingForm(KORSCHENBROICH, plate));
    expect(second.status).toBe(422);
    expect(second.body.detail).toMatch(/^Für dieses Kennzeichen gibt es bereits einen gültigen Bewohnerparkausweis \(gültig bis \d{2}\.\d{2}\.\d{4}\)/);
    expect(second.body.detail).not.toContain(plate);
  });
});

describe('a payment whose confirmation never arrives', () => {
  beforeAll(() => {
    // The provider's side is played in this process (the sandbox keeps its ledger in the platform's table).
    Object.assign(process.env, inject('platform').environment);
  });

  it('is completed by the repair schedule, which asks the provider for the status before the wait expires', async () => {
    const app = await parking.statusIs((await parking.submit(parkingForm(KORSCHENBROICH, nextPlate()))).body.applicationId, 'awaiting-payment');
    // The payer pays; the provider records it but its confirmation never reaches us and it gives up sending it.
    const { sandboxProvider } = await import('../../functions/payments/providers.ts');
    const { dynamoLedger } = await import('../../functions/payments/sandbox/ledger.ts');
    const { systemTable } = await import('../../functions/core/ddb.ts');
    const sandbox = (await sandboxProvider(systemTable))!;
    const { transaction } = await sandbox.settle(paymentIdOf(app), 'pay', new Date());
    await dynamoLedger(systemTable).recordDelivery(TENANT, transaction.paymentId, { state: 'abandoned', rounds: 8, lastStatus: null });
    expect((await parking.read(app.applicationId)).status).toBe('awaiting-payment');

    const run = await api('POST', '/local/schedules/openkreis-dev-application-repair/run', { body: { tenants: [TENANT], graceSeconds: 0 } });
    expect(run.status).toBe(200);
    expect(run.body.result).toMatchObject({ reconciled: 1, errors: 0 });
    const done = await parking.statusIs(app.applicationId, 'completed');
    expect(done.payment).toMatchObject({ status: 'BOOKED', transactionReference: transaction.transactionReference });
  });
});
