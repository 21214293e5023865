/** The ids of the change of address and of the tasks it makes: plain constants, light enough for any bundle (also the web app's). */
export const SERVICE_ID = 'address-change';
/** The county's Zulassungsstelle changes the ZB I (variant `county-later`): handed over to the county. */
export const VEHICLE_TASK = 'vehicle-registration-update';
/** The town office puts the address sticker on the ZB I (variant `town-office-sticker`): the town's own task. */
export const STICKER_TASK = 'zb1-address-sticker';
/** The town office reports the sticker it put on to the county (variant `town-office-sticker`): handed over to the county. */
export const REPORT_TASK = 'vehicle-registration-report';
/** The kinds of task a vehicle of a change of address becomes. */
export const VEHICLE_TASK_KINDS = [VEHICLE_TASK, STICKER_TASK] as const;
export type VehicleTaskKind = (typeof VEHICLE_TASK_KINDS)[number];
