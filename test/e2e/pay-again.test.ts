import { describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * Paying again over HTTP against the local platform: a cancelled or failed payment no longer ends the citizen's
 * application for good — `POST /applications/{id}/payment` gives the same application (form, fee, case number) a new
 * payment, and it then runs to the permit as if the first payment had worked. The plate is taken back when paying
 * again; if another application took it meanwhile, the service's own 409 is the answer.
 */
const citizen = demoUser('citizen', 'neuss');
const NEUSS = { street: 'Büchel', postcode: '41460', city: 'Neuss', zoneId: 'NE-1' };
const parking = residentParking(api, NEUSS, citizen);

let plates = 0;
const nextPlate = () => `NE-PW ${(plates += 1)}`;

const payAgain = (id: string, as = citizen) => api('POST', `/applications/${id}/payment`, { as });

async function submitted(plate: string) {
  const response = await parking.submit(parkingForm(NEUSS, plate));
  expect(response.status).toBe(201);
  return parking.statusIs(response.body.applicationId, 'awaiting-payment');
}

async function mailsTo(address: string, caseNumber: string): Promise<Array<{ subject: string; body: string }>> {
  const outbox = (await api('GET', '/local/outbox')).body.emails as Array<{ destination: unknown; subject: string; body: unknown }>;
  return outbox
    .filter((email) => JSON.stringify(email.destination).includes(address) && email.subject.includes(caseNumber))
    .map((email) => ({ subject: email.subject, body: JSON.stringify(email.body) }));
}

describe('paying again', () => {
  it('after a cancelled payment: the same application gets a new payment, is paid and completed with its permit', async () => {
    const first = await submitted(nextPlate());
    await parking.pay(first, 'cancel');
    const cancelled = await parking.statusIs(first.applicationId, 'payment-failed');
    expect(cancelled.payment.status).toBe('CANCELED');
    expect(Date.parse(cancelled.payAgainUntil) - Date.parse(cancelled.updatedAt)).toBe(14 * 24 * 3600_000);

    const reopened = await payAgain(first.applicationId);
    expect(reopened.status).toBe(202);
    expect(reopened.body).toMatchObject({ applicationId: first.applicationId, caseNumber: first.caseNumber, status: 'fee-computed', fee: first.fee, form: first.form });
    const second = await parking.statusIs(first.applicationId, 'awaiting-payment');
    expect(second.payment.checkoutUrl).not.toBe(first.payment.checkoutUrl);
    // The old checkout link stays finished.
    expect((await api('POST', checkoutPath(first), { body: { action: 'pay' } })).status).toBe(409);

    await parking.pay(second);
    const done = await parking.statusIs(first.applicationId, 'completed');
    expect(done.documents.some((document: { kind: string }) => document.kind === 'permit')).toBe(true);
    expect(done.payment.status).toBe('BOOKED');
    expect(done.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'submitted', 'fee-computed', 'awaiting-payment', 'payment-failed',
      'fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'approved', 'documents-issued', 'completed',
    ]);
    expect(done.payAgainUntil).toBeUndefined();
    // A completed application cannot be paid again.
    expect((await payAgain(first.applicationId)).status).toBe(409);

    // The e-mails: the cancellation offers paying again with the status page; each payment is asked for once.
    const mails = await mailsTo(citizen, first.caseNumber);
    const failedMail = mails.find((mail) => mail.subject.startsWith('Die Zahlung für'));
    expect(failedMail?.body).toContain('erneut bezahlen');
    expect(failedMail?.body).toContain(`/antraege/${first.applicationId}`);
    expect(mails.filter((mail) => mail.subject.startsWith('Bitte bezahlen Sie'))).toHaveLength(2);
  });

  it('after two failed payments the third is paid; every payment had its own checkout', async () => {
    const first = await submitted(nextPlate());
    const links = [first.payment.checkoutUrl];
    let current = first;
    for (const attempt of [2, 3]) {
      await parking.pay(current, 'fail');
      await parking.statusIs(first.applicationId, 'payment-failed');
      expect((await payAgain(first.applicationId)).status).toBe(202);
      // A repeated request while the new payment is under way changes nothing.
      expect((await payAgain(first.applicationId)).status).toBe(202);
      current = await parking.statusIs(first.applicationId, 'awaiting-payment');
      links.push(current.payment.checkoutUrl);
      expect(new Set(links).size, `payment ${attempt}`).toBe(attempt);
    }
    await parking.pay(current);
    const done = await parking.statusIs(first.applicationId, 'completed');
    expect(done.timeline.filter((entry: { status: string }) => entry.status === 'payment-failed')).toHaveLength(2);
    expect(done.caseNumber).toBe(first.caseNumber);
  });

  it('holds the plate again while the new payment is open: a second application for it is refused', async () => {
    const plate = nextPlate();
    const first = await submitted(plate);
    await parking.pay(first, 'fail');
    await parking.statusIs(first.applicationId, 'payment-failed');
    expect((await payAgain(first.applicationId)).status).toBe(202);
    const refused = await parking.submit(parkingForm(NEUSS, plate));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/^Für dieses Kennzeichen wird bereits ein Antrag/);
  });

  it('refuses with the German 409 of the plate when another application took it meanwhile, and nothing changes', async () => {
    const plate = nextPlate();
    const first = await submitted(plate);
    await parking.pay(first, 'cancel');
    const ended = await parking.statusIs(first.applicationId, 'payment-failed');
    // The plate was released when the payment ended: somebody applies for it.
    const other = await parking.submit(parkingForm(NEUSS, plate));
    expect(other.status).toBe(201);

    const refused = await payAgain(first.applicationId);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/^Für dieses Kennzeichen wird bereits ein Antrag auf einen Bewohnerparkausweis bearbeitet/);
    expect(JSON.stringify(refused.body)).not.toContain(plate);
    const after = await parking.read(first.applicationId);
    expect({ status: after.status, updatedAt: after.updatedAt }).toEqual({ status: 'payment-failed', updatedAt: ended.updatedAt });
  });

  it('is only for the applicant: another citizen of the tenant gets 404, a caseworker 403', async () => {
    const first = await submitted(nextPlate());
    await parking.pay(first, 'cancel');
    await parking.statusIs(first.applicationId, 'payment-failed');
    expect((await payAgain(first.applicationId, demoUser('business', 'neuss'))).status).toBe(404);
    expect((await payAgain(first.applicationId, demoUser('caseworker', 'neuss'))).status).toBe(403);
    expect((await payAgain('not-an-id')).status).toBe(400);
  });
});
