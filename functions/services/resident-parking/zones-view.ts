/**
 * What the parking-zone routes answer: the tenant's zones with their streets (public: the signs stand in these
 * streets), and the zones an address lies in. Response contracts of `GET /parking-zones` and
 * `POST /parking-zones/lookup`.
 */
import * as z from '#core/zod';
import type { ParkingZone } from './zones.ts';

export const zoneView = z.object({
  id: z.string(),
  name: z.string(),
  streets: z.array(
    z.object({
      street: z.string(),
      postcode: z.string(),
      houseNumbers: z.optional(z.object({ from: z.int(), to: z.int(), parity: z.enum(['all', 'even', 'odd']) })),
    }),
  ),
});

export const zoneListView = z.object({ items: z.array(zoneView) });

export const zoneLookupView = z.object({
  /** The zones whose streets cover the address: usually one, none outside the zones, two on a border street. */
  zones: z.array(z.object({ id: z.string(), name: z.string() })),
});

export function zoneList(zones: readonly ParkingZone[]): z.infer<typeof zoneListView> {
  return z.parse(zoneListView, { items: zones });
}
