import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api, demoUser, paymentIdOf } from '../support/api-client.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * Payments of the pull kind (XBezahldienste) and the reconciliation, over HTTP against the local platform. Dormagen pays
 * through the local XBezahldienste sandbox (seeded so; a pull provider sends no webhook at all), Korschenbroich
 * through the push sandbox. The reconciliation schedule is run by hand with `dueWithinSeconds`, so that a test does
 * not wait the 5 minutes after which it would ask by itself.
 */
const PULL = 'dormagen';
const PUSH = 'korschenbroich';
const SCHEDULE = 'openkreis-dev-payment-reconciliation';
const DORMAGEN = { street: 'Kölner Straße', postcode: '41539', city: 'Dormagen', zoneId: 'DO-1' };
const KORSCHENBROICH = { street: 'Sebastianusstraße', postcode: '41352', city: 'Korschenbroich', zoneId: 'KO-1' };
const pullCitizen = demoUser('citizen', PULL);
const pushCitizen = demoUser('citizen', PUSH);
const pull = residentParking(api, DORMAGEN, pullCitizen);
const push = residentParking(api, KORSCHENBROICH, pushCitizen);

let plates = 0;
const nextPlate = (prefix: string) => `${prefix}-XB ${(plates += 1)}`;

type App = { applicationId: string; payment: { checkoutUrl: string; status: string; transactionReference?: string }; timeline: Array<{ status: string }> };

async function awaitingPayment(parking: typeof pull, at: typeof DORMAGEN, prefix: string): Promise<App> {
  const submitted = await parking.submit(parkingForm(at, nextPlate(prefix)));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return parking.statusIs(submitted.body.applicationId, 'awaiting-payment');
}

/** The payer on the XBezahldienste sandbox's pay page (the link the applicant got). */
const payPage = (app: App, action: 'pay' | 'cancel' | 'fail') => api('POST', new URL(app.payment.checkoutUrl).pathname, { body: { action } });
const reconcile = (tenant: string) => api('POST', `/local/schedules/${SCHEDULE}/run`, { body: { tenants: [tenant], dueWithinSeconds: 600 } });
const check = (app: App, as: string) => api('POST', `/applications/${app.applicationId}/payment/check`, { as });

/** The stored payment (its history shows every status change and its source). */
async function storedPayment(tenantId: string, paymentId: string) {
  const { getPayment } = await import('../../functions/payments/store.ts');
  const { systemTable } = await import('../../functions/core/ddb.ts');
  return (await getPayment(systemTable, tenantId, paymentId))!;
}

beforeAll(() => {
  // Some checks read the stored payment or play the push provider in this process.
  Object.assign(process.env, inject('platform').environment);
});

describe('paying through XBezahldienste (pull: the service asks, no webhook)', () => {
  it('gives the tenant that configures it an XBezahldienste pay page, the others the push sandbox', async () => {
    const pulled = await awaitingPayment(pull, DORMAGEN, 'DO');
    expect(new URL(pulled.payment.checkoutUrl).pathname).toMatch(/^\/xbezahldienste-sandbox\/paypage\/[A-Za-z0-9_-]{22}$/);
    const pushed = await awaitingPayment(push, KORSCHENBROICH, 'KO');
    expect(new URL(pushed.payment.checkoutUrl).pathname).toMatch(/^\/sandbox-pay\/korschenbroich\./);
    // The page shows the XBezahldienste purpose (at most 27 characters) and the amount.
    const page = await api('GET', new URL(pulled.payment.checkoutUrl).pathname, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(String(page.body)).toMatch(/DO-[A-Z]+-\d{4}-\d{6}/);
  });

  it('is completed by the reconciliation when the payer paid and never came back (no confirmation is ever sent)', async () => {
    const app = await awaitingPayment(pull, DORMAGEN, 'DO');
    const paid = await payPage(app, 'pay');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'PAYED' });
    expect(paid.body.redirectUrl).toBe(`${inject('platform').url}/antraege/${app.applicationId}?zahlung=zurueck`);
    // Nothing tells the platform: the application still waits.
    expect((await pull.read(app.applicationId)).status).toBe('awaiting-payment');

    const run = await reconcile(PULL);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.result).toMatchObject({ errors: 0 });
    expect(run.body.result.completed).toBeGreaterThanOrEqual(1);
    const done = await pull.statusIs(app.applicationId, 'completed');
    expect(done.payment).toMatchObject({ status: 'BOOKED', transactionReference: paid.body.transactionReference });
    expect(done.timeline.filter((entry: { status: string }) => entry.status === 'paid')).toHaveLength(1);
    // Out of the pending index: the next run has nothing more to ask about this payment.
    const paymentId = `${PULL}.${paymentIdOf(app)}`;
    const stored = await storedPayment(PULL, paymentId);
    expect(stored.history.filter((change) => change.status === 'BOOKED').map((change) => change.source)).toEqual([expect.stringMatching(/^provider-event:status\.BOOKED\.xbd:/)]);
    const again = await reconcile(PULL);
    expect(again.body.result.completed).toBe(0);
  });

  it('asks at once when the payer returns from the pay page ("Zahlung wird geprüft"), without waiting for the schedule', async () => {
    const app = await awaitingPayment(pull, DORMAGEN, 'DO');
    // Before paying, the check finds the payment open and changes nothing.
    expect((await check(app, pullCitizen)).body).toEqual({ applicationId: app.applicationId, paymentStatus: 'INITIAL', checked: true });
    await payPage(app, 'pay');
    const checked = await check(app, pullCitizen);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ applicationId: app.applicationId, paymentStatus: 'BOOKED', checked: true });
    await pull.statusIs(app.applicationId, 'completed');
    // Asked again once the application moved on: nothing to ask any more.
    expect((await check(app, pullCitizen)).body).toMatchObject({ paymentStatus: 'BOOKED', checked: false });
  });

  it.each([
    ['cancel', 'CANCELED'],
    ['fail', 'FAILED'],
  ] as const)('ends the application as payment-failed when the payer aborts (%s → %s), and it can be paid again', async (action, status) => {
    const app = await awaitingPayment(pull, DORMAGEN, 'DO');
    await payPage(app, action);
    expect((await check(app, pullCitizen)).body).toMatchObject({ paymentStatus: status, checked: true });
    const failed = await pull.statusIs(app.applicationId, 'payment-failed');
    expect(failed.payment.status).toBe(status);
    expect(failed.timeline.filter((entry: { status: string }) => entry.status === 'payment-failed')).toHaveLength(1);
    // The finished transaction cannot be paid any more; paying again gives a new pay page.
    expect((await payPage(app, 'pay')).status).toBe(409);
    expect((await api('POST', `/applications/${app.applicationId}/payment`, { as: pullCitizen })).status).toBe(202);
    const second = await pull.statusIs(app.applicationId, 'awaiting-payment');
    expect(second.payment.checkoutUrl).not.toBe(app.payment.checkoutUrl);
  });

  it('has exactly one effect when the return page and the reconciliation ask at the same moment', async () => {
    const app = await awaitingPayment(pull, DORMAGEN, 'DO');
    await payPage(app, 'pay');
    const answers = await Promise.all([check(app, pullCitizen), reconcile(PULL), check(app, pullCitizen), reconcile(PULL)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const done = await pull.statusIs(app.applicationId, 'completed');
    expect(done.timeline.filter((entry: { status: string }) => entry.status === 'paid')).toHaveLength(1);
    const stored = await storedPayment(PULL, `${PULL}.${paymentIdOf(app)}`);
    expect(stored.history.filter((change) => change.status === 'BOOKED')).toHaveLength(1);
    expect(stored).toMatchObject({ status: 'BOOKED', taskNotified: true, taskNotification: 'SENT' });
  });

  it('only lets the applicant ask: another citizen of the tenant gets 404, a caseworker 403', async () => {
    const app = await awaitingPayment(pull, DORMAGEN, 'DO');
    expect((await check(app, demoUser('business', PULL))).status).toBe(404);
    expect((await check(app, demoUser('caseworker', PULL))).status).toBe(403);
    expect((await api('POST', '/applications/not%20an%20id/payment/check', { as: pullCitizen })).status).toBe(400);
  });
});

describe('the push provider whose webhook and the reconciliation confirm the same payment', () => {
  it('records the booking once and completes the application once, whichever comes first', async () => {
    const app = await awaitingPayment(push, KORSCHENBROICH, 'KO');
    const { sandboxProvider } = await import('../../functions/payments/providers.ts');
    const { systemTable: table } = await import('../../functions/core/ddb.ts');
    const sandbox = (await sandboxProvider(table))!;
    // The payer pays; the provider has not sent its confirmation yet.
    const { transaction } = await sandbox.settle(paymentIdOf(app), 'pay', new Date());
    const [delivery, run, checked] = await Promise.all([sandbox.deliverConfirmation(transaction, new Date()), reconcile(PUSH), check(app, pushCitizen)]);
    expect(delivery.round.status).toBe(200);
    expect(run.status).toBe(200);
    expect(checked.body).toMatchObject({ paymentStatus: 'BOOKED' });
    const done = await push.statusIs(app.applicationId, 'completed');
    expect(done.payment).toMatchObject({ status: 'BOOKED', transactionReference: transaction.transactionReference });
    expect(done.timeline.filter((entry: { status: string }) => entry.status === 'paid')).toHaveLength(1);
    const stored = await storedPayment(PUSH, paymentIdOf(app));
    expect(stored.history.filter((change) => change.status === 'BOOKED')).toHaveLength(1);
    // The webhook delivered again later is a replay: still one effect.
    expect((await sandbox.deliverConfirmation(transaction, new Date())).round.status).toBe(200);
    expect((await storedPayment(PUSH, paymentIdOf(app))).history).toHaveLength(stored.history.length);
  });
});

describe('a tenant configures its own payment provider only', () => {
  const admin = demoUser('tenant-admin', PULL);
  const settings = {
    provider: 'xbezahldienste',
    baseUrl: 'https://epay.example/xbezahldienste/v1',
    originatorId: 'openkreis-dormagen',
    endPointId: '05162004',
    credentialRef: 'openkreis/kaarst/payments/epaybl',
  };

  it('refuses a credential of another tenant (422 at the field) and another tenant\'s configuration (404); nothing changes', async () => {
    const before = await api('GET', `/tenants/${PULL}`, { as: admin });
    expect(before.status).toBe(200);
    const foreign = await api('PATCH', `/tenants/${PULL}/config`, { as: admin, body: { payment: settings } });
    expect(foreign.status).toBe(422);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.body.errors).toEqual([{ field: 'body/payment/credentialRef', message: expect.stringContaining('openkreis/dormagen/payments/') }]);
    const otherTenant = await api('PATCH', '/tenants/kaarst/config', { as: admin, body: { payment: { ...settings, credentialRef: 'openkreis/dormagen/payments/epaybl' } } });
    expect(otherTenant.status).toBe(404);
    // A secret value where a reference belongs, or an unknown field, is refused by the schema.
    for (const payment of [{ ...settings, credentialRef: 'sk_live_0123456789abcdef' }, { ...settings, credentialRef: 'openkreis/dormagen/payments/x', secret: 'geheim' }]) {
      const refused = await api('PATCH', `/tenants/${PULL}/config`, { as: admin, body: { payment } });
      expect([400, 422]).toContain(refused.status);
      expect(JSON.stringify(refused.body)).not.toContain('geheim');
    }
    const after = await api('GET', `/tenants/${PULL}`, { as: admin });
    expect(after.body).toEqual(before.body);
  });
});
