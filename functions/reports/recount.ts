/**
 * The KPI counters recounted from the stored data — the definitions of `application-counters.ts`,
 * `service-counters.ts` and `training-counters.ts` applied to the items themselves. Used by the backfill
 * (`npm run kpis:backfill`, which reads the items with a Scan: a maintenance command, never a request path) and by the
 * tests that check the counters maintained on every write against a recount.
 *
 * Items recognised (by their keys): applications `<t>#APP#<id>` / `META` with their timeline `EVENT#…`, permits
 * `<t>#PERMIT#<id>` / `PERMIT`, trade register versions `<t>#TRADE#<id>` / `VERSION#…`, the county's vehicle tasks
 * `<t>#HANDOVER#<id>` / `TASK`, training cycles `<t>#EMPLOYEE#<id>` / `ENROL#…`. Everything else is ignored.
 */
import type { Application, TimelineEntry } from '#functions/applications/model';
import { recountApplication } from './application-counters.ts';
import { tallyEvents, type CounterEvent } from './counter-values.ts';
import { permitEvents, registerEvents, vehicleTaskCreated, vehicleTaskMoved } from './service-counters.ts';
import { recountCycle } from './training-counters.ts';

type Item = Record<string, unknown> & { PK: string; SK: string };

/** Per tenant: per year the counters (`<metric>|…|<mm>` → value). */
export type Recount = Map<string, Map<number, Map<string, number>>>;

export function recount(items: Iterable<Record<string, unknown>>): Recount {
  const applications = new Map<string, { tenantId: string; app?: Item; events: Item[] }>();
  const events = new Map<string, CounterEvent[]>();
  const add = (tenantId: string, more: CounterEvent[]) => events.set(tenantId, [...(events.get(tenantId) ?? []), ...more]);
  for (const raw of items) {
    const item = raw as Item;
    const [tenantId, kind] = String(item.PK).split('#');
    if (!tenantId) continue;
    if (kind === 'APP' && (item.SK === 'META' || item.SK.startsWith('EVENT#'))) {
      const entry = applications.get(item.PK) ?? { tenantId, events: [] };
      if (item.SK === 'META') entry.app = item;
      else entry.events.push(item);
      applications.set(item.PK, entry);
    } else if (kind === 'PERMIT' && item.SK === 'PERMIT') {
      add(tenantId, permitEvents(item as unknown as { zoneId: string; issuedAt: string }));
    } else if (kind === 'TRADE' && item.SK.startsWith('VERSION#')) {
      const version = item as unknown as { kind: string; wzCode?: string; at: string };
      if (version.kind === 'GewA1') add(tenantId, registerEvents(version.wzCode, 'registered', version.at));
      if (version.kind === 'GewA3' || version.kind === 'relocation') add(tenantId, registerEvents(version.wzCode, 'deregistered', version.at));
    } else if (kind === 'HANDOVER' && item.SK === 'TASK') {
      // The task keeps its current status and how often it was reopened, not when each move happened: earlier
      // failures and reopenings are dated to its last change (the month may differ from the counters'; the sums match).
      const task = item as unknown as { fromTenantId: string; createdAt: string; updatedAt?: string; status: string; reopened?: number };
      const at = task.updatedAt ?? task.createdAt;
      add(tenantId, vehicleTaskCreated(task));
      for (let i = 0; i < (task.reopened ?? 0); i += 1) add(tenantId, [...vehicleTaskMoved(task, 'open', 'failed', at), ...vehicleTaskMoved(task, 'failed', 'open', at)]);
      if (task.status !== 'open') add(tenantId, vehicleTaskMoved(task, 'open', task.status, at));
    } else if (kind === 'EMPLOYEE' && item.SK.startsWith('ENROL#')) {
      add(tenantId, recountCycle(item as unknown as { courseId: string; ruleId?: string; completedAt?: string }));
    }
  }
  for (const { tenantId, app, events: timeline } of applications.values()) {
    if (!app) continue;
    const ordered = [...timeline].sort((a, b) => a.SK.localeCompare(b.SK)) as unknown as TimelineEntry[];
    add(tenantId, recountApplication(app as unknown as Application, ordered));
  }
  return new Map([...events].map(([tenantId, tenantEvents]) => [tenantId, tallyEvents(tenantEvents)]));
}
