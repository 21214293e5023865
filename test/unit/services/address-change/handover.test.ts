import { describe, expect, it } from 'vitest';
import {
  assertTaskMove,
  combinedStatus,
  correctionApplies,
  currentStatuses,
  mayCorrectZb1,
  type VehicleTask,
  declaredHandover,
  handoverIdFor,
  handoverRecords,
  type HandoverMirror,
  type PublishedStatus,
} from '../../../../functions/services/address-change/handover.ts';
import { juechenConfig, moveApplication } from './fixtures.ts';

const now = new Date('2026-03-10T10:00:00Z');

describe('cross-tenant handover of the vehicle registration update', () => {
  it('is allowed only where the municipality declared it, and never to itself', () => {
    expect(declaredHandover(juechenConfig(), 'juechen')).toEqual({ to: 'rhein-kreis-neuss' });
    expect(declaredHandover(juechenConfig({ handovers: [] }), 'juechen')).toBeUndefined();
    expect(declaredHandover(juechenConfig({ handovers: undefined }), 'juechen')).toBeUndefined();
    expect(declaredHandover(juechenConfig({ handovers: [{ service: 'address-change', to: 'rhein-kreis-neuss', task: 'something-else' }] }), 'juechen')).toBeUndefined();
    expect(declaredHandover(juechenConfig({ handovers: [{ service: 'address-change', to: 'juechen', task: 'vehicle-registration-update' }] }), 'juechen')).toBeUndefined();
  });

  it('gives the county only what it needs: plate, ZB I number, new address, move date, case number, handover id', () => {
    const app = moveApplication();
    const { task, published, mirror } = handoverRecords(app, app.form.vehicles[0]!, { to: 'rhein-kreis-neuss', fromTenantName: 'Stadt Jüchen', now });
    expect(task).toEqual({
      handoverId: handoverIdFor('juechen', app.applicationId, 'NE-AB 1234'),
      task: 'vehicle-registration-update',
      tenantId: 'rhein-kreis-neuss',
      fromTenantId: 'juechen',
      fromTenantName: 'Stadt Jüchen',
      caseNumber: 'JU-UMZ-2026-000001',
      plate: 'NE-AB 1234',
      zb1Number: 'AB1234567',
      newAddress: { street: 'Am Rathaus', houseNumber: '3', postcode: '41363', city: 'Jüchen' },
      moveDate: '2026-03-08',
      status: 'open',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    expect(JSON.stringify(task)).not.toContain('Mustermann');
    expect(JSON.stringify(task)).not.toContain(app.applicationId);
    // The published status is the municipality's read model: its own application id lets it find its record and tell
    // the citizen without polling; the county's task itself never names the application.
    expect(Object.keys(published).sort()).toEqual(['applicationId', 'caseNumber', 'fromTenantId', 'handoverId', 'plate', 'status', 'updatedAt']);
    expect(published.applicationId).toBe(app.applicationId);
    expect(mirror).toMatchObject({ applicationId: app.applicationId, to: 'rhein-kreis-neuss', status: 'open' });
    expect(JSON.stringify(mirror)).not.toContain('AB1234567');
  });

  it('derives the handover id from tenant, application and plate, so a retried step writes the same handover', () => {
    expect(handoverIdFor('juechen', 'a', 'NE-AB 1')).toBe(handoverIdFor('juechen', 'a', 'NE-AB 1'));
    expect(handoverIdFor('juechen', 'a', 'NE-AB 1')).not.toBe(handoverIdFor('juechen', 'a', 'NE-AB 2'));
    expect(handoverIdFor('juechen', 'a', 'NE-AB 1')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('lets the county complete or fail an open task and reopen a failed one; done is final', () => {
    expect(assertTaskMove('open', 'done')).toBe(true);
    expect(assertTaskMove('open', 'failed')).toBe(true);
    expect(assertTaskMove('failed', 'open')).toBe(true);
    expect(assertTaskMove('done', 'failed')).toBe(false);
    expect(assertTaskMove('done', 'open')).toBe(false);
    expect(assertTaskMove('failed', 'done')).toBe(false);
    expect(assertTaskMove('open', 'open')).toBe(false);
  });
});

describe('one status for the citizen', () => {
  const mirror = (plate: string, overrides: Partial<HandoverMirror> = {}): HandoverMirror => ({
    handoverId: `h-${plate}`,
    applicationId: 'app',
    to: 'rhein-kreis-neuss',
    task: 'vehicle-registration-update',
    plate,
    status: 'open',
    createdAt: '2026-03-10T10:00:00.000Z',
    updatedAt: '2026-03-10T10:00:00.000Z',
    ...overrides,
  });
  const word = (plate: string, overrides: Partial<PublishedStatus> = {}): PublishedStatus => ({
    handoverId: `h-${plate}`,
    fromTenantId: 'juechen',
    caseNumber: 'JU-UMZ-2026-000001',
    plate,
    status: 'done',
    updatedAt: '2026-03-11T10:00:00.000Z',
    ...overrides,
  });

  it('takes the county’s newer published status, and ignores one for another case or municipality, or an older one', () => {
    const mirrors = [mirror('NE-AB 1234'), mirror('GV-X 1E')];
    const current = currentStatuses(mirrors, [word('NE-AB 1234'), word('GV-X 1E', { status: 'failed', failureReason: 'passt nicht' })], 'juechen', 'JU-UMZ-2026-000001');
    expect(current.map((entry) => entry.status)).toEqual(['done', 'failed']);
    expect(current[1]!.failureReason).toBe('passt nicht');
    expect(currentStatuses(mirrors, [word('NE-AB 1234', { fromTenantId: 'neuss' })], 'juechen', 'JU-UMZ-2026-000001')[0]!.status).toBe('open');
    expect(currentStatuses(mirrors, [word('NE-AB 1234', { caseNumber: 'JU-UMZ-2026-000002' })], 'juechen', 'JU-UMZ-2026-000001')[0]!.status).toBe('open');
    expect(currentStatuses([mirror('NE-AB 1234', { updatedAt: '2026-03-12T00:00:00.000Z', status: 'failed' })], [word('NE-AB 1234')], 'juechen', 'JU-UMZ-2026-000001')[0]!.status).toBe('failed');
  });

  it('is in progress while a vehicle is open, action-required when one failed, completed when all are done', () => {
    const app = moveApplication({ status: 'completed' });
    expect(combinedStatus(app, [mirror('NE-AB 1234', { status: 'done' }), mirror('GV-X 1E')], 'Abgeschlossen').status).toBe('in-progress');
    const failed = combinedStatus(app, [mirror('NE-AB 1234', { status: 'done' }), mirror('GV-X 1E', { status: 'failed', failureReason: 'passt nicht' })], 'Abgeschlossen');
    expect(failed.status).toBe('action-required');
    expect(failed.vehicles[1]).toMatchObject({ plate: 'GV-X 1E', status: 'failed', failureReason: 'passt nicht' });
    expect(combinedStatus(app, [mirror('NE-AB 1234', { status: 'done' }), mirror('GV-X 1E', { status: 'done' })], 'Abgeschlossen')).toMatchObject({
      status: 'completed',
      municipality: { caseNumber: 'JU-UMZ-2026-000001', status: 'completed' },
    });
  });

  it('asks for action when the registration was issued but a vehicle was not handed over (no declaration)', () => {
    const status = combinedStatus(moveApplication({ status: 'completed' }), [], 'Abgeschlossen');
    expect(status.status).toBe('action-required');
    expect(status.vehicles.every((vehicle) => vehicle.status === 'not-forwarded')).toBe(true);
    expect(combinedStatus(moveApplication({ status: 'awaiting-decision' }), [], 'In Prüfung').status).toBe('in-progress');
    expect(combinedStatus(moveApplication({ status: 'rejected' }), [], 'Abgelehnt').status).toBe('rejected');
  });

  it('is completed for a move without vehicles once the municipality completed it', () => {
    expect(combinedStatus(moveApplication({ status: 'completed', form: { ...moveApplication().form, vehicles: [] } }), [], 'Abgeschlossen').status).toBe('completed');
  });
});

describe('the citizen\'s correction of the ZB I number', () => {
  const failedAt = '2026-03-11T10:00:00.000Z';
  const failed = { status: 'failed' as const, citizenAction: 'correct-zb1-number' as const, updatedAt: failedAt };

  it('may be sent once per failure that asked for it, and never for another failure or outcome', () => {
    expect(mayCorrectZb1(failed)).toBe(true);
    expect(mayCorrectZb1({ ...failed, correction: { zb1Number: 'AB7654321', at: '2026-03-11T11:00:00.000Z', failureAt: failedAt } })).toBe(false);
    // A correction for an earlier failure does not use up the next one.
    expect(mayCorrectZb1({ ...failed, correction: { zb1Number: 'AB7654321', at: '2026-03-10T11:00:00.000Z', failureAt: '2026-03-10T10:00:00.000Z' } })).toBe(true);
    expect(mayCorrectZb1({ status: 'failed', updatedAt: failedAt })).toBe(false);
    expect(mayCorrectZb1({ ...failed, status: 'open' })).toBe(false);
    expect(mayCorrectZb1({ ...failed, status: 'done' })).toBe(false);
  });

  it('reopens the county task only for the failure it answers, from the municipality that made the handover', () => {
    const task = { handoverId: 'h-1', fromTenantId: 'juechen', status: 'failed', citizenAction: 'correct-zb1-number', updatedAt: failedAt } as VehicleTask;
    const pending = { fromTenantId: 'juechen', handoverId: 'h-1', correction: { zb1Number: 'AB7654321', at: '2026-03-11T11:00:00.000Z', failureAt: failedAt } };
    expect(correctionApplies(task, pending)).toBe(true);
    expect(correctionApplies(task, { ...pending, fromTenantId: 'rommerskirchen' })).toBe(false);
    expect(correctionApplies(task, { ...pending, handoverId: 'h-2' })).toBe(false);
    expect(correctionApplies({ ...task, updatedAt: '2026-03-12T10:00:00.000Z' }, pending)).toBe(false);
    expect(correctionApplies({ ...task, status: 'open' }, pending)).toBe(false);
    const { citizenAction: _action, ...withoutAction } = task;
    expect(correctionApplies(withoutAction as VehicleTask, pending)).toBe(false);
  });

  it('shows the citizen what to do, then that the correction is on its way', () => {
    const base = { handoverId: 'h-1', applicationId: 'app', to: 'rhein-kreis-neuss', task: 'vehicle-registration-update' as const, plate: 'NE-AB 1234', createdAt: '2026-03-10T10:00:00.000Z' };
    const app = moveApplication({ status: 'completed', form: { ...moveApplication().form, vehicles: [{ plate: 'NE-AB 1234', zb1Number: 'AB1234567' }] } });
    const asked = combinedStatus(app, [{ ...base, ...failed, failureReason: 'Nummer passt nicht' }], 'Meldebestätigung ausgestellt');
    expect(asked.status).toBe('action-required');
    expect(asked.vehicles[0]).toMatchObject({ status: 'failed', failureReason: 'Nummer passt nicht', action: { kind: 'correct-zb1-number', handoverId: 'h-1', text: expect.stringContaining('Zulassungsbescheinigung Teil I') } });
    const sent = combinedStatus(app, [{ ...base, ...failed, correction: { zb1Number: 'AB7654321', at: '2026-03-11T11:00:00.000Z', failureAt: failedAt } }], 'Meldebestätigung ausgestellt');
    expect(sent.status).toBe('in-progress');
    expect(sent.vehicles[0]).toMatchObject({ status: 'open', correctionSentAt: '2026-03-11T11:00:00.000Z' });
    expect(sent.vehicles[0]).not.toHaveProperty('action');
  });

  it('carries what the county asks of the citizen from its published status', () => {
    const mirror = { handoverId: 'h-1', applicationId: 'app', to: 'rhein-kreis-neuss', task: 'vehicle-registration-update' as const, plate: 'NE-AB 1234', status: 'open' as const, createdAt: '2026-03-10T10:00:00.000Z', updatedAt: '2026-03-10T10:00:00.000Z' };
    const word: PublishedStatus = { handoverId: 'h-1', fromTenantId: 'juechen', caseNumber: 'JU-UMZ-2026-000001', plate: 'NE-AB 1234', status: 'failed', updatedAt: failedAt, failureReason: 'passt nicht', citizenAction: 'correct-zb1-number' };
    expect(currentStatuses([mirror], [word], 'juechen', 'JU-UMZ-2026-000001')[0]).toMatchObject({ status: 'failed', citizenAction: 'correct-zb1-number' });
    expect(currentStatuses([{ ...mirror, citizenAction: 'correct-zb1-number' }], [{ ...word, status: 'open', citizenAction: undefined, updatedAt: '2026-03-12T10:00:00.000Z' }], 'juechen', 'JU-UMZ-2026-000001')[0]).not.toHaveProperty('citizenAction');
  });
});
