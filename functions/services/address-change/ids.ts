/** The ids of the change of address and of the task it hands over: plain constants, light enough for any bundle (also the web app's). */
export const SERVICE_ID = 'address-change';
export const VEHICLE_TASK = 'vehicle-registration-update';
