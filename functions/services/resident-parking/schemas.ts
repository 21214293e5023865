/**
 * Request schemas of the permit routes (`/permits/...`) that people fill in, and how a permit is named by its PDF: the
 * validation with German messages for the handlers and — the same code — for the web app's forms (browser-safe: zod and
 * pure functions only, nothing that needs Node).
 */
import * as z from '#core/zod';
import { plateSchema } from './plate.ts';

/** `GET /permits/check?plate=&zone=` — the zone in any case; whether the tenant has it is the handler's question. */
export const plateCheckQuerySchema = z.strictObject({
  plate: plateSchema,
  zone: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/, 'Ungültige Zonen-ID.'))),
});

/** `POST /permits/{id}/revoke` */
export const revokePermitSchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte begründen Sie den Widerruf (mindestens 5 Zeichen); die Begründung wird der Inhaberin oder dem Inhaber mitgeteilt.'),
    z.maxLength(1000, 'Die Begründung ist zu lang (höchstens 1000 Zeichen).'),
  ),
  /**
   * The hearing before the revocation (§ 28 VwVfG NRW): when and how the holder was heard, or why it was dispensable
   * (§ 28 Abs. 2). The Bescheid states it.
   */
  hearing: z.string().check(
    z.trim(),
    z.minLength(10, 'Bitte geben Sie an, wann und wie die Inhaberin oder der Inhaber angehört wurde – oder warum die Anhörung entbehrlich ist (§ 28 VwVfG NRW).'),
    z.maxLength(1000, 'Der Text ist zu lang (höchstens 1000 Zeichen).'),
  ),
  /** The legal basis the Bescheid names; default: § 49 Abs. 2 Satz 1 Nr. 3 VwVfG NRW. */
  legalBasis: z.optional(z.string().check(z.trim(), z.minLength(3, 'Bitte nennen Sie die Rechtsgrundlage.'), z.maxLength(300, 'Die Rechtsgrundlage ist zu lang (höchstens 300 Zeichen).'))),
});

