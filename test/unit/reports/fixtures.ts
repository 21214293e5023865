import { tallyEvents, type CounterEvent } from '../../../functions/reports/counter-values.ts';
import { tenantKpis, type TenantKpis } from '../../../functions/reports/kpis.ts';

/** A busy year of a municipality as counter events: every month, both channels, decisions, payments, training. */
export function busyYearEvents(year: number, scale = 1): CounterEvent[] {
  const events: CounterEvent[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const at = `${year}-${String(month).padStart(2, '0')}-15T10:00:00.000Z`;
    const online = Math.round((20 + month * 3) * scale);
    const counter = Math.round((14 - month) * scale);
    for (const [serviceId, share] of [['resident-parking', 0.6], ['business-registration', 0.3], ['address-change', 0.1]] as const) {
      events.push({ name: ['app', serviceId, 'online', 'submitted'], at, by: Math.round(online * share) });
      events.push({ name: ['app', serviceId, 'counter', 'submitted'], at, by: Math.round(counter * share) });
      events.push({ name: ['app', serviceId, 'online', 'approved'], at, by: Math.round(online * share * 0.8) });
      events.push({ name: ['app', serviceId, 'online', 'rejected'], at, by: Math.round(online * share * 0.1) });
      events.push({ name: ['app', serviceId, 'online', 'completed'], at, by: Math.round(online * share * 0.8) });
      events.push({ name: ['appAuto', serviceId], at, by: Math.round(online * share * 0.5) });
      events.push({ name: ['appDecideDays', serviceId, 'd3'], at, by: Math.round(online * share * 0.6) });
      events.push({ name: ['appDecideDays', serviceId, 'd14'], at, by: Math.round(online * share * 0.3) });
      events.push({ name: ['appDoneDays', serviceId, 'd5'], at, by: Math.round(online * share * 0.8) });
      events.push({ name: ['pay', serviceId, 'booked'], at, by: Math.round(online * share * 0.9) });
      events.push({ name: ['pay', serviceId, 'bookedCents'], at, by: Math.round(online * share * 0.9) * 3000 });
    }
    events.push({ name: ['park', 'NE-INNENSTADT-1', 'issued'], at, by: Math.round(10 * scale) });
    events.push({ name: ['biz', 'G', 'registered'], at, by: Math.round(4 * scale) });
    events.push({ name: ['train', 'informationssicherheit', 'completed'], at, by: Math.round(6 * scale) });
  }
  return events;
}

export function busyTenantKpis(year = 2026, name = 'Gemeinde Rommerskirchen – Der Bürgermeister – Fachbereich Bürgerdienste'): TenantKpis {
  const years = new Map([year, year - 1].map((y) => [y, tallyEvents(busyYearEvents(y, y === year ? 1 : 0.8)).get(y) ?? new Map<string, number>()]));
  return tenantKpis({ tenantId: 'rommerskirchen', name, years }, year, `${year}-12-07`, {
    current: { date: `${year}-12-06`, assigned: 120, completed: 103, overdue: 9 },
    previous: { date: `${year - 1}-12-31`, assigned: 110, completed: 80, overdue: 21 },
  });
}
