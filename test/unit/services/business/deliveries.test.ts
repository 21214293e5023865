import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormKind } from '../../../../functions/services/business/forms.ts';
import { attemptAll, attemptDelivery, batchStatistics, enqueueForwarding, resendDelivery, type ForwardingSetup } from '../../../../functions/services/business/forwarding/deliver.ts';
import type { RecipientDirectory, RecipientEndpoint } from '../../../../functions/services/business/forwarding/directory.ts';
import { DIRECTORY_V1 } from '../../../../functions/services/business/forwarding/directory.v1.ts';
import { MATRIX_V1 } from '../../../../functions/services/business/forwarding/matrix.v1.ts';
import { nextAttemptAt } from '../../../../functions/services/business/forwarding/model.ts';
import { planForwarding, type NoticeContext } from '../../../../functions/services/business/forwarding/plan.ts';
import { DeliveryRefused, type OutboundMessage, type Transport } from '../../../../functions/services/business/forwarding/transport.ts';
import { noticeDeliveryId } from '../../../../functions/services/business/ids.ts';
import { changeForm, deregistrationForm, maximalRegistration, registrationForm, TENANT } from './fixtures.ts';
import { memory } from './support/memory-store.ts';
import { parseXml, childNames } from './support/xml.ts';

vi.mock('../../../../functions/services/business/forwarding/store.ts', () => import('./support/memory-store.ts'));

const db = {} as never;
const T0 = new Date('2026-03-10T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** A transport that records what it got and fails for the recipients in `failing`. */
function fakeTransport() {
  const sent: Array<{ message: OutboundMessage; endpoint: RecipientEndpoint }> = [];
  const failing = new Set<string>();
  let technicalError = false;
  const transport: Transport = {
    async send(message, endpoint) {
      if (technicalError) throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443 secret-internal-host'), { name: 'NetworkingError' });
      if (failing.has(message.recipientId)) throw new DeliveryRefused(`${endpoint.name} hat die Nachricht abgelehnt.`);
      sent.push({ message, endpoint });
      return { reference: `sandbox/${message.recipientId}/${message.deliveryId}.xml` };
    },
  };
  return { transport, sent, failing, breakNetwork: (on = true) => (technicalError = on) };
}

let transport: ReturnType<typeof fakeTransport>;
let setup: ForwardingSetup;

function notice(kind: FormKind = 'GewA1', applicationId = '3f2c1b7a-9d4e-4f5a-8b9c-0d1e2f3a4b5c', acceptedAt = '2026-03-10T09:30:00.000Z'): NoticeContext {
  const form = kind === 'GewA1' ? registrationForm() : kind === 'GewA2' ? changeForm() : deregistrationForm();
  return {
    tenantId: TENANT,
    applicationId,
    caseNumber: `NE-GEW-2026-${applicationId.slice(0, 6)}`,
    kind,
    form,
    businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    satzUuid: '5687cf4a-5c7b-43f1-933e-e5a7f69f7967',
    receivedAt: '2026-03-10T09:00:00.000Z',
    acceptedAt,
    author: { ags: '05162024', name: 'Stadt Neuss', email: 'gewerbe@neuss.example' },
    now: T0,
  };
}

function directoryWith(changes: (entries: RecipientEndpoint[]) => RecipientEndpoint[]): RecipientDirectory {
  return { ...DIRECTORY_V1, defaults: changes(structuredClone(DIRECTORY_V1.defaults)) };
}

beforeEach(() => {
  memory.reset();
  transport = fakeTransport();
  setup = { matrix: MATRIX_V1, directory: DIRECTORY_V1, transportFor: () => transport.transport };
});

describe('planning the forwarding of an accepted notice', () => {
  it('a registration goes to every entitled recipient at once, to statistics in the monthly batch, to customs and the register court not', () => {
    const plan = planForwarding(MATRIX_V1, DIRECTORY_V1, notice());
    expect(plan.deliveries.map((delivery) => delivery.recipientId).sort()).toEqual(
      ['arbeitsagentur', 'arbeitsschutz', 'dguv', 'eichbehoerde', 'finanzamt', 'hwk', 'ihk', 'immissionsschutz', 'lebensmittelueberwachung'].sort(),
    );
    expect(plan.statistics).toHaveLength(1);
    expect(plan.statistics[0]).toMatchObject({ period: '2026-03', caseNumber: expect.stringMatching(/^NE-GEW/) });
    expect(plan.deliveries.every((delivery) => delivery.status === 'pending' && delivery.attempts === 0)).toBe(true);
  });

  it('a deregistration also goes to the register court', () => {
    expect(planForwarding(MATRIX_V1, DIRECTORY_V1, notice('GewA3')).deliveries.map((delivery) => delivery.recipientId)).toContain('registergericht');
  });

  it('is deterministic: planning twice gives the same ids (a retried step creates nothing new)', async () => {
    const first = planForwarding(MATRIX_V1, DIRECTORY_V1, notice());
    const second = planForwarding(MATRIX_V1, DIRECTORY_V1, notice());
    expect(second.deliveries.map((delivery) => [delivery.deliveryId, delivery.messageUuid])).toEqual(first.deliveries.map((delivery) => [delivery.deliveryId, delivery.messageUuid]));
    await enqueueForwarding(db, first);
    await enqueueForwarding(db, second);
    expect(memory.deliveries.size).toBe(first.deliveries.length);
    expect(memory.records.size).toBe(1);
  });

  it('skips a recipient that waived delivery and keeps an unconfigured one visible as dead', () => {
    const directory = directoryWith((entries) =>
      entries.filter((entry) => entry.recipientId !== 'dguv').map((entry) => (entry.recipientId === 'ihk' ? { ...entry, waived: true } : entry)),
    );
    const plan = planForwarding(MATRIX_V1, directory, notice());
    expect(plan.skipped).toEqual([{ recipientId: 'ihk', reason: 'waived' }]);
    const dguv = plan.deliveries.find((delivery) => delivery.recipientId === 'dguv')!;
    expect(dguv.status).toBe('dead');
    expect(dguv.lastError).toMatch(/nicht im Empfängerverzeichnis konfiguriert/);
    expect(dguv.records).toHaveLength(1);
  });
});

describe('a delivery attempt', () => {
  async function enqueued(kind: FormKind = 'GewA1') {
    const plan = planForwarding(MATRIX_V1, DIRECTORY_V1, { ...notice(kind), form: kind === 'GewA1' ? maximalRegistration() : notice(kind).form });
    await enqueueForwarding(db, plan);
    return plan;
  }

  it('builds the message for the recipient, hands it over and records it as delivered', async () => {
    await enqueued();
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'ihk');
    expect(await attemptDelivery(db, TENANT, id, T0, setup)).toBe('delivered');
    const stored = memory.deliveries.get(`${TENANT}#${id}`)!;
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, totalAttempts: 1, deliveredAt: T0.toISOString(), transportRef: `sandbox/ihk/${id}.xml` });
    expect(stored.payload).toBe(transport.sent[0]!.message.xml);
    const root = parseXml(stored.payload!);
    expect(root.name).toBe('xga:alg.gewerbemeldung.0300');
    expect(childNames(root)).toEqual(['xga:nachrichtenkopf', 'xga:satz']);
    // The chambers get no residence permit (field 30) and no craft card (29) — the IHK not even in the message.
    expect(stored.payload).not.toContain('aufenthaltstitel');
    expect(stored.payload).not.toContain('handwerkskarte');
    expect(transport.sent[0]!.endpoint.name).toBe('Industrie- und Handelskammer Mittlerer Niederrhein');
    expect(await attemptDelivery(db, TENANT, id, T0, setup)).toBe('skipped');
    expect(transport.sent).toHaveLength(1);
  });

  it('retries with backoff and ends as dead after the recipient’s last attempt, keeping the message', async () => {
    await enqueued();
    transport.failing.add('dguv');
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'dguv');
    const policy = { baseSeconds: 300, maxSeconds: 6 * 3600 };
    const outcomes: string[] = [];
    let now = T0;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      outcomes.push(await attemptDelivery(db, TENANT, id, now, setup));
      const stored = memory.deliveries.get(`${TENANT}#${id}`)!;
      expect(stored.attempts).toBe(attempt);
      if (attempt < 5) {
        expect(stored.nextAttemptAt).toBe(nextAttemptAt(attempt, now, policy));
        now = new Date(stored.nextAttemptAt);
      }
    }
    expect(outcomes).toEqual(['failed', 'failed', 'failed', 'failed', 'dead']);
    const dead = memory.deliveries.get(`${TENANT}#${id}`)!;
    expect(dead.status).toBe('dead');
    expect(dead.lastError).toBe('Deutsche Gesetzliche Unfallversicherung e. V. hat die Nachricht abgelehnt.');
    expect(dead.payload).toContain('xga:dgu.gewerbemeldung.0230');
    expect(dead.history.map((event) => event.event)).toEqual(['created', 'failed', 'failed', 'failed', 'failed', 'dead']);
    // A dead delivery is not sent by the schedule any more.
    expect(await attemptDelivery(db, TENANT, id, minutes(10_000), setup)).toBe('skipped');
  });

  it('backs off 5, 10, 20, 40 minutes by default, capped at the maximum', () => {
    const policy = { baseSeconds: 300, maxSeconds: 6 * 3600 };
    expect([1, 2, 3, 4].map((attempt) => (Date.parse(nextAttemptAt(attempt, T0, policy)) - T0.getTime()) / 60_000)).toEqual([5, 10, 20, 40]);
    expect((Date.parse(nextAttemptAt(12, T0, policy)) - T0.getTime()) / 3_600_000).toBe(6);
  });

  it('records a technical failure without internal details', async () => {
    await enqueued();
    transport.breakNetwork();
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'finanzamt');
    expect(await attemptDelivery(db, TENANT, id, T0, setup)).toBe('failed');
    const stored = memory.deliveries.get(`${TENANT}#${id}`)!;
    expect(stored.lastError).toBe('Technischer Fehler bei der Übermittlung (NetworkingError).');
    expect(JSON.stringify(stored.history)).not.toContain('secret-internal-host');
  });

  it('fails — and keeps — a delivery whose recipient is not configured for the tenant', async () => {
    await enqueued();
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'hwk');
    const withoutHwk = { ...setup, directory: directoryWith((entries) => entries.filter((entry) => entry.recipientId !== 'hwk')) };
    expect(await attemptDelivery(db, TENANT, id, T0, withoutHwk)).toBe('failed');
    expect(memory.deliveries.get(`${TENANT}#${id}`)!.lastError).toBe('Der Empfänger „Handwerkskammer Düsseldorf“ ist für diese Verwaltung nicht im Empfängerverzeichnis konfiguriert.');
    expect(transport.sent).toHaveLength(0);
  });

  it('records one outcome only when another attempt got there first', async () => {
    await enqueued();
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'ihk');
    memory.raceNextRecord = true;
    expect(await attemptDelivery(db, TENANT, id, T0, setup)).toBe('skipped');
    expect(memory.deliveries.get(`${TENANT}#${id}`)!.status).toBe('pending');
  });

  it('attempts many without letting one problem stop the others', async () => {
    const plan = await enqueued();
    transport.failing.add('eichbehoerde');
    const counts = await attemptAll(db, TENANT, plan.deliveries.map((delivery) => delivery.deliveryId), T0, setup);
    // 10 recipients: the notice's persons hold residence titles, so the Ausländerbehörde is one of them.
    expect(counts).toEqual({ delivered: 9, failed: 1, dead: 0, skipped: 0, error: 0 });
  });
});

describe('resending', () => {
  async function deadDelivery() {
    const plan = planForwarding(MATRIX_V1, DIRECTORY_V1, notice());
    await enqueueForwarding(db, plan);
    transport.failing.add('arbeitsagentur');
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'arbeitsagentur');
    for (let attempt = 0; attempt < 5; attempt += 1) await attemptDelivery(db, TENANT, id, minutes(attempt * 1000), setup);
    expect(memory.deliveries.get(`${TENANT}#${id}`)!.status).toBe('dead');
    return id;
  }

  it('starts a new round at once and delivers when the recipient is back', async () => {
    const id = await deadDelivery();
    transport.failing.delete('arbeitsagentur');
    const resent = await resendDelivery(db, TENANT, id, { by: 'caseworker-1', now: minutes(9000), note: 'Empfänger wieder erreichbar' }, setup);
    expect(resent).toMatchObject({ status: 'delivered', attempts: 1, totalAttempts: 6 });
    expect(resent.history.filter((event) => event.event === 'resend')).toEqual([{ at: minutes(9000).toISOString(), event: 'resend', by: 'caseworker-1', note: 'Empfänger wieder erreichbar' }]);
    // The same message id as before: a receiver that got a copy after all recognises it.
    expect(parseXml(transport.sent[0]!.message.xml).children[0]!.children[0]!.children[0]!.text).toBe(resent.messageUuid);
  });

  it('puts a delivery that still fails back on the retry schedule', async () => {
    const id = await deadDelivery();
    const resent = await resendDelivery(db, TENANT, id, { by: 'caseworker-1', now: minutes(9000) }, setup);
    expect(resent).toMatchObject({ status: 'failed', attempts: 1, totalAttempts: 6 });
    expect(resent.nextAttemptAt).toBe(minutes(9005).toISOString());
  });

  it('refuses to send a delivered message again, and a delivery that does not exist', async () => {
    await enqueueForwarding(db, planForwarding(MATRIX_V1, DIRECTORY_V1, notice()));
    const id = noticeDeliveryId(TENANT, notice().applicationId, 'ihk');
    await attemptDelivery(db, TENANT, id, T0, setup);
    await expect(resendDelivery(db, TENANT, id, { by: 'caseworker-1', now: T0 }, setup)).rejects.toMatchObject({ kind: 'conflict' });
    await expect(resendDelivery(db, TENANT, 'nope-nope-nope-nope-no', { by: 'caseworker-1', now: T0 }, setup)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('the statistics office’s monthly batch', () => {
  async function accept(applicationId: string, acceptedAt: string, kind: FormKind = 'GewA1') {
    await enqueueForwarding(db, planForwarding(MATRIX_V1, DIRECTORY_V1, notice(kind, applicationId, acceptedAt)));
  }

  it('bundles the closed months, one message per month, and leaves the current month waiting', async () => {
    await accept('a1111111-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-01-15T10:00:00.000Z');
    await accept('a2222222-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-02-03T10:00:00.000Z', 'GewA2');
    await accept('a3333333-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-02-27T22:30:00.000Z', 'GewA3');
    await accept('a4444444-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-03-02T10:00:00.000Z');
    const result = await batchStatistics(db, TENANT, new Date('2026-03-02T02:00:00.000Z'), setup);
    expect(result).toEqual({ batches: 2, records: 3 });
    const statistics = transport.sent.filter((sent) => sent.message.recipientId === 'statistik');
    expect(statistics).toHaveLength(2);
    // The month is the records' (XGewerbeordnung has no berichtszeitraum): January's message has one, February's two.
    const february = parseXml(statistics.find((sent) => (sent.message.xml.match(/<xga:satz>/g) ?? []).length === 2)!.message.xml);
    expect(february.name).toBe('xga:sta.gewerbemeldung.0100');
    expect(childNames(february)).toEqual(['xga:nachrichtenkopf', 'xga:satz', 'xga:satz']);
    // Run again (the daily schedule): nothing new to send.
    expect(await batchStatistics(db, TENANT, new Date('2026-03-03T02:00:00.000Z'), setup)).toEqual({ batches: 0, records: 0 });
    // Next month, March is sent.
    expect(await batchStatistics(db, TENANT, new Date('2026-04-01T02:00:00.000Z'), setup)).toEqual({ batches: 1, records: 1 });
  });

  it('counts the month in German time: a notice accepted on 31 January at 23:30 CET belongs to January', async () => {
    await accept('a5555555-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-01-31T22:30:00.000Z');
    expect([...memory.records.values()][0]!.period).toBe('2026-01');
  });

  it('waits, without losing records, while no statistics office is configured', async () => {
    await accept('a1111111-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-01-15T10:00:00.000Z');
    const unconfigured = { ...setup, directory: directoryWith((entries) => entries.filter((entry) => entry.recipientId !== 'statistik')) };
    expect(await batchStatistics(db, TENANT, new Date('2026-03-02T02:00:00.000Z'), unconfigured)).toEqual({ batches: 0, records: 0, notConfigured: true });
    expect([...memory.records.values()][0]!.batchId).toBeUndefined();
    expect(await batchStatistics(db, TENANT, new Date('2026-03-02T02:00:00.000Z'), setup)).toEqual({ batches: 1, records: 1 });
  });

  it('retries a batch that failed like any other delivery', async () => {
    await accept('a1111111-9d4e-4f5a-8b9c-0d1e2f3a4b5c', '2026-01-15T10:00:00.000Z');
    transport.failing.add('statistik');
    await batchStatistics(db, TENANT, new Date('2026-02-01T02:00:00.000Z'), setup);
    const batch = [...memory.deliveries.values()].find((delivery) => delivery.kind === 'statistics-batch')!;
    expect(batch).toMatchObject({ status: 'failed', period: '2026-01', caseNumbers: [expect.any(String)] });
    transport.failing.delete('statistik');
    expect(await attemptDelivery(db, TENANT, batch.deliveryId, new Date(batch.nextAttemptAt), setup)).toBe('delivered');
  });
});
