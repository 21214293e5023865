/**
 * What the services count for the open data, as pure functions (their stores add the result to their own
 * transactions; the backfill recounts from the stored records):
 * - `park|<zoneId>|issued`            resident parking permits issued, per zone, in the month issued
 * - `biz|<WZ section>|registered`     businesses entered in the trade register by a GewA1, per WZ 2008 section
 * - `biz|<WZ section>|deregistered`   businesses closed (GewA3, or the Rückmeldung of a move)
 *                                     (section `-`: no WZ code given)
 */
import { wzSection } from '#functions/services/business/wz';
import { dayBucket, daysBetweenInstants, type CounterEvent } from './counter-values.ts';

/** The section letter of a WZ 2008 code, `-` without one. */
export const sectionOf = (wzCode: string | undefined) => (wzCode ? (wzSection(wzCode)?.section ?? '-') : '-');

export function permitEvents(permit: { zoneId: string; issuedAt: string }): CounterEvent[] {
  return [{ name: ['park', permit.zoneId, 'issued'], at: permit.issuedAt }];
}

export function registerEvents(wzCode: string | undefined, event: 'registered' | 'deregistered', at: string): CounterEvent[] {
  return [{ name: ['biz', sectionOf(wzCode), event], at }];
}

/**
 * Vehicle registration tasks the county receives from the municipalities' changes of address (counted in the
 * county's counters, per sending municipality):
 * - `vehicle|<from>|created`, `…|done`, `…|failed`, `…|reopened`   each move of a task
 * - `vehicleDays|<from>|d<bound>`                                   handed over → done, histogram (the turnaround)
 */
export function vehicleTaskCreated(task: { fromTenantId: string; createdAt: string }): CounterEvent[] {
  return [{ name: ['vehicle', task.fromTenantId, 'created'], at: task.createdAt }];
}

export function vehicleTaskMoved(task: { fromTenantId: string; createdAt: string }, from: string, to: string, at: string): CounterEvent[] {
  if (from === to) return [];
  const event = from === 'failed' && to === 'open' ? 'reopened' : to;
  return [
    { name: ['vehicle', task.fromTenantId, event], at },
    ...(to === 'done' ? [{ name: ['vehicleDays', task.fromTenantId, dayBucket(daysBetweenInstants(task.createdAt, at))], at }] : []),
  ];
}
