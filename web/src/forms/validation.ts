/**
 * Client-side checks with the service's OWN zod form schema — the module the server validates submissions with,
 * imported into the web bundle and loaded per service on demand (one chunk each), so the messages are the server's,
 * word for word. Field paths are the server's without `body/form/` (`vehicle/weightKg`).
 */
import * as z from '#core/zod';
import { fieldErrors } from '#core/validation';

/**
 * The form schema of each service, by id. A new service adds one line here (a test compares the keys with the
 * catalogue); its pages need nothing else.
 */
export const FORM_SCHEMAS: Record<string, () => Promise<z.ZodMiniType>> = {
  'resident-parking': () => import('#functions/services/resident-parking/form').then((module) => module.residentParkingFormSchema),
  'business-registration': () => import('#functions/services/business/forms').then((module) => module.businessRegistrationFormSchema),
  'business-change': () => import('#functions/services/business/forms').then((module) => module.businessChangeFormSchema),
  'business-deregistration': () => import('#functions/services/business/forms').then((module) => module.businessDeregistrationFormSchema),
  'building-encumbrance-extract': () => import('#functions/services/building-encumbrances/extract-form').then((module) => module.extractFormSchema),
  'address-change': () => import('#functions/services/address-change/form').then((module) => module.addressChangeFormSchema),
};

export async function formSchemaOf(serviceId: string): Promise<z.ZodMiniType | undefined> {
  return Object.hasOwn(FORM_SCHEMAS, serviceId) ? FORM_SCHEMAS[serviceId]!() : undefined;
}

/** The form's problems by field path (the first message per field), as the server would report them. */
export function checkForm(schema: z.ZodMiniType, form: unknown): Record<string, string> {
  const result = z.safeParse(schema, form);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const error of fieldErrors(result.error, '')) errors[error.field] ??= error.message;
  return errors;
}
