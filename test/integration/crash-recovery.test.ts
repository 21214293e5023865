import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/emulators/lifecycle.ts';
import { apiClient, eventually, type ApiCall } from '../support/api-client.ts';
import { startChildPlatform, type ChildPlatform } from '../support/child-platform.ts';
import { parkingForm, residentParking } from '../support/resident-parking.ts';

/**
 * `kill -9` of the local platform at each point where a crash used to leave an application stuck for good, then a
 * restart on the same data (no reset): every application reaches a terminal state, each through the owner of what
 * it waited for — the idempotent retry of the submission, the payment provider's redelivery of its confirmation,
 * and the repair schedule for recorded decisions.
 *
 * The platform is a child process started like `npm start` on its own port and data directory. Once the applications
 * wait where the test wants them, it arms the crash points (functions/core/crash.ts, `PUT /local/crash-points`): each
 * request stops at its point, and the last point reached kills the process (exit 137), so one crash leaves all of
 * them half done — as 20 applications in flight did.
 */
const CRASH_POINTS = ['after-application-stored', 'after-decision-recorded', 'after-provider-settled'];

const citizen = 'citizen@neuss.openkreis.test';
const caseworker = 'caseworker@neuss.openkreis.test';
const NEUSS = { street: 'Büchel', postcode: '41460', city: 'Neuss', zoneId: 'NE-1' };

const dataDir = mkdtempSync(path.join(tmpdir(), 'openkreis-crash-'));
let platform: ChildPlatform | undefined;
// A client per platform life (its base URL); the tokens of the first life must still be accepted after the restart.
let api: ApiCall;
let tokenFor: (username: string) => Promise<string>;
let parking: ReturnType<typeof residentParking>;

afterAll(async () => {
  await platform?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port?: number): Promise<number> {
  const chosen = port ?? (await freePort());
  const started = await startChildPlatform({ port: chosen, dataDir });
  platform = started;
  ({ api, tokenFor } = apiClient(() => started.url));
  parking = residentParking(api, NEUSS, citizen);
  return chosen;
}

/** A request whose answer may never come: whether it came, without an unhandled rejection when it does not. */
const answered = (request: Promise<unknown>) => request.then(() => true, () => false);

const runSchedule = async (name: string, input?: unknown) => {
  const response = await api('POST', `/local/schedules/openkreis-dev-${name}/run`, input === undefined ? {} : { body: input });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.result;
};

describe('kill -9 of the local platform, and a restart without reset', () => {
  it('leaves no application stuck: each half-done operation is finished by its owner', { timeout: 300_000 }, async () => {
    const port = await start();
    const tokenBeforeCrash = await tokenFor(citizen);

    // Applications that wait for something when the crash comes, and two submissions about to be made.
    const paying = await parking.statusIs((await parking.submit(parkingForm(NEUSS, 'NE-CR 1'))).body.applicationId, 'awaiting-payment');
    const toApprove = await parking.leasedAndPaid('NE-CR 2');
    const toReject = await parking.leasedAndPaid('NE-CR 3');
    const retried = { key: randomUUID(), form: parkingForm(NEUSS, 'NE-CR 4') };
    const abandoned = { key: randomUUID(), form: parkingForm(NEUSS, 'NE-CR 5') };
    expect((await api('PUT', '/local/crash-points', { body: { points: CRASH_POINTS } })).status).toBe(200);

    // Each request stops at its point: two submissions stored, their workflows not started …
    const inFlight = [answered(parking.submit(retried.form, retried.key))];
    await platform!.reached('after-application-stored', 1);
    inFlight.push(answered(parking.submit(abandoned.form, abandoned.key)));
    await platform!.reached('after-application-stored', 2);
    // … two decisions recorded, none handed to the workflow …
    inFlight.push(answered(api('POST', `/applications/${toApprove.applicationId}/decision`, { as: caseworker, body: { outcome: 'approve' } })));
    await platform!.reached('after-decision-recorded', 1);
    inFlight.push(answered(api('POST', `/applications/${toReject.applicationId}/decision`, { as: caseworker, body: { outcome: 'reject', reason: 'Der Leasingvertrag ist abgelaufen.', hearingDispensation: 'Die Ablehnung folgt allein aus den Angaben im Antrag (§ 28 Abs. 2 Nr. 3 VwVfG NRW).' } })));
    await platform!.reached('after-decision-recorded', 2);
    // … and the provider books a payment, then the platform dies before the confirmation is sent.
    inFlight.push(answered(parking.pay(paying)));
    expect(await platform!.exited).toBe(137);
    await platform!.kill();
    // No answer reached the clients.
    expect(await Promise.all(inFlight)).toEqual([false, false, false, false, false]);

    await start(port);
    // A browser signed in before the crash stays signed in: the token of the first life is still accepted.
    expect((await api('GET', '/applications?limit=1', { token: tokenBeforeCrash })).status).toBe(200);

    // What the crash left: two applications nobody processes, a paid one waiting for its payment, decisions recorded
    // but not acted on.
    const mine = (await api('GET', '/applications?limit=100', { as: citizen })).body.items as Array<{ applicationId: string; status: string; form: { plate: string } }>;
    const byPlate = (plate: string) => mine.find((app) => app.form.plate === plate)!;
    expect(byPlate('NE-CR 4').status).toBe('fee-computed');
    expect(byPlate('NE-CR 5').status).toBe('fee-computed');
    expect((await parking.read(paying.applicationId)).status).toBe('awaiting-payment');
    expect((await parking.read(toApprove.applicationId)).status).toBe('approved');
    expect((await parking.read(toReject.applicationId)).status).toBe('rejected');
    expect((await parking.read(toReject.applicationId)).payment.refund).toBeUndefined();

    // The submission's retry (same Idempotency-Key) finds the stored application and starts its workflow.
    const retry = await parking.submit(retried.form, retried.key);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.applicationId).toBe(byPlate('NE-CR 4').applicationId);
    await parking.statusIs(retry.body.applicationId, 'awaiting-payment');

    // The payment provider sends the confirmation it still holds, as a provider retries.
    expect(await runSchedule('payment-sandbox-redelivery')).toMatchObject({ delivered: 1 });
    // The repair starts the workflow nobody retried, and hands the recorded decisions to the waiting workflow (now,
    // not after its grace period).
    expect(await runSchedule('application-repair', { graceSeconds: 0 })).toMatchObject({ started: 1, delivered: 2, failed: 0, errors: 0 });

    const paid = await parking.statusIs(paying.applicationId, 'completed');
    expect(paid.payment).toMatchObject({ status: 'BOOKED', transactionReference: expect.any(String) });
    const approved = await parking.statusIs(toApprove.applicationId, 'completed');
    expect(approved.documents.some((document: { kind: string }) => document.kind === 'permit')).toBe(true);
    const rejected = await eventually(async () => {
      const app = await parking.read(toReject.applicationId);
      return app.payment?.refund ? app : undefined;
    });
    expect(rejected).toMatchObject({ status: 'rejected', payment: { refund: { status: 'REFUNDED' } } });
    for (const id of [retry.body.applicationId, byPlate('NE-CR 5').applicationId]) {
      const awaiting = await parking.statusIs(id, 'awaiting-payment');
      expect((await parking.pay(awaiting)).status).toBe(200);
      await parking.statusIs(id, 'completed');
    }

    // Nothing is left to repair: a second run changes nothing.
    expect(await runSchedule('application-repair', { graceSeconds: 0 })).toMatchObject({ started: 0, delivered: 0, reconciled: 0, failed: 0, errors: 0 });
  });
});
