/**
 * A tenant's choice of payment provider (tenant configuration `payment`). Browser-safe: zod only, so the settings page
 * can validate with the same schema.
 *
 * - `sandbox` (the default when a tenant configures nothing): the deployment's push provider with its signed webhook.
 * - `xbezahldienste`: a payment platform behind the XBezahldienste 1.0 interface (FITKO, API documentation v1.0.0,
 *   https://docs.fitko.de/xbezahldienste/APIDoku/versionen/v1.0.0/), e.g. ePayBL. Pull-based: we create the payment
 *   transaction, the payer pays on the platform's page, and we query the transaction's status (`PAYED`).
 *
 * Secrets never appear in the configuration: `credentialRef` names a secret (AWS Secrets Manager) that holds the
 * credential the platform expects, and it must lie in the tenant's own namespace `openkreis/<tenantId>/payments/…`, so
 * that one tenant can never make the platform use another tenant's credential (checked against the tenant id by
 * `paymentSettingsProblems`, the configuration change refuses it with 422).
 */
import * as z from '#core/zod';

/** XBezahldienste path parameters: 1–36 characters `[\w-]` (originatorId: the online service; endPointId: e.g. the AGS). */
const pathId = z.string().check(
  z.minLength(1, 'Bitte eine Kennung angeben.'),
  z.maxLength(36, 'Höchstens 36 Zeichen.'),
  z.regex(/^[A-Za-z0-9_-]+$/, 'Nur Buchstaben, Ziffern, Unterstrich und Bindestrich.'),
);

export const CREDENTIAL_REF_PATTERN = /^openkreis\/([a-z][a-z0-9-]*)\/payments\/[A-Za-z0-9_-]{1,64}$/;

/** The platform's address: https, or http on the loopback interface (the local XBezahldienste sandbox). */
const platformUrl = z.url({ protocol: /^https?$/, error: 'Bitte die Adresse des Bezahldienstes angeben (https).' }).check(
  z.refine((url) => url.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(`${url}/`), 'Der Bezahldienst muss über https erreichbar sein.'),
  z.refine((url) => !/[?#]/.test(url), 'Die Adresse darf keine Abfrage und keinen Anker enthalten.'),
);

export const xbezahldiensteSettingsSchema = z.strictObject({
  provider: z.literal('xbezahldienste'),
  baseUrl: platformUrl,
  originatorId: pathId,
  endPointId: pathId,
  credentialRef: z.string().check(
    z.regex(CREDENTIAL_REF_PATTERN, 'Bitte den Namen eines Geheimnisses angeben: openkreis/<Mandant>/payments/<Name>.'),
  ),
});
export type XBezahldiensteSettings = z.infer<typeof xbezahldiensteSettingsSchema>;

export const paymentSettingsSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('sandbox') }),
  xbezahldiensteSettingsSchema,
]);
export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = { provider: 'sandbox' };

/** Problems of settings for `tenantId` that the schema alone cannot see: a credential outside the tenant's namespace. */
export function paymentSettingsProblems(settings: PaymentSettings, tenantId: string): Array<{ field: string; message: string }> {
  if (settings.provider !== 'xbezahldienste') return [];
  const owner = CREDENTIAL_REF_PATTERN.exec(settings.credentialRef)?.[1];
  return owner === tenantId
    ? []
    : [{ field: 'body/payment/credentialRef', message: `Das Geheimnis muss zum eigenen Mandanten gehören (openkreis/${tenantId}/payments/…).` }];
}
