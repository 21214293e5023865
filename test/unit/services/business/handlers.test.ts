import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFound } from '../../../../functions/core/problem.ts';
import { handler as forward } from '../../../../functions/services/business/forwarding/forward-notice.handler.ts';
import { handler as list } from '../../../../functions/services/business/forwarding/list-deliveries.handler.ts';
import { handler as resend } from '../../../../functions/services/business/forwarding/resend-delivery.handler.ts';
import { noticeDeliveryId } from '../../../../functions/services/business/ids.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { APP_ID, application, neussConfig, registrationForm, deregistrationForm } from './fixtures.ts';
import { memory } from './support/memory-store.ts';

vi.mock('../../../../functions/services/business/forwarding/store.ts', () => import('./support/memory-store.ts'));

const engine = vi.hoisted(() => ({ applicationFor: vi.fn(), tenantConfig: vi.fn() }));
vi.mock('#functions/applications/access', () => ({ applicationFor: engine.applicationFor }));
vi.mock('#functions/tenants/config', () => ({ tenantConfig: engine.tenantConfig }));

const directory = vi.hoisted(() => ({ withoutDguv: false }));
vi.mock('../../../../functions/services/business/forwarding/directory.v1.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../functions/services/business/forwarding/directory.v1.ts')>();
  return {
    DIRECTORY_V1: {
      ...original.DIRECTORY_V1,
      get defaults() {
        return original.DIRECTORY_V1.defaults.filter((entry) => !directory.withoutDguv || entry.recipientId !== 'dguv');
      },
    },
  };
});

const s3 = mockClient(S3Client);
const caseworker: TestCaller = { tenantId: 'neuss', roles: ['caseworker'], sub: 'caseworker-1' };
const business: TestCaller = { tenantId: 'neuss', roles: ['business'], sub: 'business-1' };

function forwardEvent(body: unknown, caller = caseworker) {
  return httpEvent({ routeKey: 'POST /business/deliveries', caller, body });
}

beforeEach(() => {
  memory.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  directory.withoutDguv = false;
  engine.applicationFor.mockReset().mockResolvedValue(application('business-registration', registrationForm(), { status: 'completed' }));
  engine.tenantConfig.mockReset().mockResolvedValue(neussConfig());
});

describe('POST /business/deliveries — a caseworker forwards a notice', () => {
  it('forwards to customs on indications: only its fields, attempt at once (the demo endpoint fails first)', async () => {
    const response = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'zoll', note: 'Hinweise auf Scheinselbständigkeit im Umfeld' }));
    expect(response.statusCode).toBe(201);
    expect(response.body).toMatchObject({
      recipientId: 'zoll',
      recipientName: 'Hauptzollamt Düsseldorf – Finanzkontrolle Schwarzarbeit',
      status: 'failed',
      attempts: 1,
      createdBy: 'caseworker-1',
      note: 'Hinweise auf Scheinselbständigkeit im Umfeld',
      lastError: expect.stringContaining('nicht erreichbar (simuliert'),
    });
    expect(response.body.payload).toBeUndefined();
    // The same again answers with the existing delivery.
    const again = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'zoll', note: 'Hinweise auf Scheinselbständigkeit im Umfeld' }));
    expect(again.statusCode).toBe(200);
    expect(again.body.deliveryId).toBe(response.body.deliveryId);
  });

  it('refuses a recipient that is not in the matrix, in German, as problem+json', async () => {
    const response = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'gesundheitsamt', note: 'Bitte weiterleiten, Prüfung' }));
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.detail).toBe('Den Empfänger „gesundheitsamt“ gibt es in der Weiterleitungsmatrix v1 nicht.');
    expect(response.body.errors[0]).toMatchObject({ field: 'body/recipientId', message: expect.stringContaining('ihk, hwk') });
  });

  it('refuses a recipient that is not configured for the tenant', async () => {
    directory.withoutDguv = true;
    const response = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'dguv' }));
    expect(response.statusCode).toBe(422);
    expect(response.body.detail).toMatch(/Deutsche Gesetzliche Unfallversicherung e. V. ist für Ihre Verwaltung nicht im Empfängerverzeichnis konfiguriert/);
  });

  it('refuses a recipient the form does not go to, the statistics batch, and customs without indications', async () => {
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'registergericht' }))).body.detail).toMatch(/Registergericht erhält nach .* keine Daten aus der Gewerbe-Anmeldung/);
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'statistik' }))).body.detail).toMatch(/Monatspaket/);
    const withoutNote = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'zoll' }));
    expect(withoutNote.statusCode).toBe(422);
    expect(withoutNote.body.errors).toEqual([{ field: 'body/note', message: 'Bitte die Anhaltspunkte beschreiben.' }]);
  });

  it('refuses a notice that is not accepted yet, an application of another service, and bad input', async () => {
    engine.applicationFor.mockResolvedValueOnce(application('business-registration', registrationForm(), { status: 'awaiting-decision' }));
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'ihk' }))).statusCode).toBe(409);
    engine.applicationFor.mockResolvedValueOnce(application('resident-parking', {}, { status: 'completed' }));
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'ihk' }))).body.detail).toBe('Nur Gewerbeanzeigen werden nach § 3 GewAnzV weitergeleitet.');
    engine.applicationFor.mockRejectedValueOnce(new NotFound('Der Antrag wurde nicht gefunden.'));
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'ihk' }))).statusCode).toBe(404);
    const bad = await call(forward, forwardEvent({ applicationId: 'nope', recipientId: 'IHK!' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['body/applicationId', 'body/recipientId']);
  });

  it('is for caseworkers only', async () => {
    expect((await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'ihk' }, business))).statusCode).toBe(403);
    expect((await call(list, httpEvent({ routeKey: 'GET /business/deliveries', caller: business }))).statusCode).toBe(403);
  });
});

describe('GET /business/deliveries and POST /business/deliveries/{id}/resend', () => {
  async function failedCustomsDelivery(): Promise<string> {
    const response = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'zoll', note: 'Hinweise auf illegale Beschäftigung' }));
    return response.body.deliveryId;
  }

  it('lists the dead letters by default and the deliveries of one application', async () => {
    const id = await failedCustomsDelivery();
    const dead = await call(list, httpEvent({ routeKey: 'GET /business/deliveries', caller: caseworker }));
    expect(dead.body).toEqual({ status: 'dead', items: [], cursor: null });
    const failed = await call(list, httpEvent({ routeKey: 'GET /business/deliveries', caller: caseworker, query: { status: 'failed' } }));
    expect(failed.body.items.map((item: { deliveryId: string }) => item.deliveryId)).toEqual([id]);
    expect(failed.body.items[0].statusLabel).toBe('Fehlgeschlagen, neuer Versuch geplant');
    const byApplication = await call(list, httpEvent({ routeKey: 'GET /business/deliveries', caller: caseworker, query: { applicationId: APP_ID } }));
    expect(byApplication.body.items).toHaveLength(1);
    expect((await call(list, httpEvent({ routeKey: 'GET /business/deliveries', caller: caseworker, query: { status: 'lost' } }))).statusCode).toBe(400);
  });

  it('resends and answers with the delivery as it is afterwards; a delivered one is a conflict', async () => {
    const id = await failedCustomsDelivery();
    const resent = await call(resend, httpEvent({ routeKey: 'POST /business/deliveries/{id}/resend', caller: caseworker, pathParameters: { id }, body: { note: 'Zweiter Versuch' } }));
    expect(resent.statusCode).toBe(200);
    expect(resent.body).toMatchObject({ deliveryId: id, status: 'failed', attempts: 1, totalAttempts: 2 });
    expect(resent.body.history.at(-2)).toMatchObject({ event: 'resend', by: 'caseworker-1', note: 'Zweiter Versuch' });

    const ihk = noticeDeliveryId('neuss', APP_ID, 'ihk');
    await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'ihk' }));
    const conflict = await call(resend, httpEvent({ routeKey: 'POST /business/deliveries/{id}/resend', caller: caseworker, pathParameters: { id: ihk } }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body.detail).toBe('Die Übermittlung ist bereits zugestellt; sie wird nicht erneut gesendet.');
    const missing = await call(resend, httpEvent({ routeKey: 'POST /business/deliveries/{id}/resend', caller: caseworker, pathParameters: { id: 'A'.repeat(22) } }));
    expect(missing.statusCode).toBe(404);
  });

  it('forwards a deregistration to the register court', async () => {
    engine.applicationFor.mockResolvedValue(application('business-deregistration', deregistrationForm(), { status: 'completed', caseNumber: 'NE-GAB-2026-000001' }));
    const response = await call(forward, forwardEvent({ applicationId: APP_ID, recipientId: 'registergericht' }));
    expect(response.statusCode).toBe(201);
    expect(response.body).toMatchObject({ status: 'delivered', formKinds: ['GewA3'] });
  });
});
