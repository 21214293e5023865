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

/**
 * A partial approval of a resident parking permit (`POST /applications/{id}/decision` with `partial`): the one part
 * the service can grant less of is the term — 6 months instead of the 12 applied for (one zone and one vehicle per
 * permit leave nothing else to split). The fee is then the 6-month fee of the tenant's schedule.
 */
export const partialGrantSchema = z.strictObject({
  validityMonths: z.literal(6, { error: 'Teilweise bewilligt werden kann nur eine kürzere Gültigkeit: 6 statt 12 Monate.' }),
});

/** How the caseworker's case page offers the partial approval of an application (plain data for the web app). */
export const partialApprovalOffer = {
  label: 'Teilweise bewilligen: 6 statt 12 Monate',
  hint: 'Der Ausweis wird für 6 Monate ausgestellt, im Übrigen wird abgelehnt; die Differenz der Gebühr wird erstattet. Wie eine Ablehnung: nur nach Anhörung oder mit Begründung, warum sie entbehrlich ist.',
  grant: { validityMonths: 6 },
  applies: (form: Record<string, unknown>) => form.validityMonths === 12,
};

/** `POST /permits/{id}/revoke` */
export const revokePermitSchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte begründen Sie den Widerruf (mindestens 5 Zeichen); die Begründung wird der Inhaberin oder dem Inhaber mitgeteilt.'),
    z.maxLength(1000, 'Die Begründung ist zu lang (höchstens 1000 Zeichen).'),
  ),
  /**
   * A revocation without an (online) hearing: why the hearing is dispensable (§ 28 Abs. 2 VwVfG NRW) — as for a
   * rejection. Not needed when the holder was heard in the revocation procedure (`POST /permits/{id}/revocation`).
   */
  hearingDispensation: z.optional(
    z.string().check(
      z.trim(),
      z.minLength(10, 'Bitte begründen Sie, warum die Anhörung entbehrlich ist (mindestens 10 Zeichen).'),
      z.maxLength(1000, 'Die Begründung ist zu lang (höchstens 1000 Zeichen).'),
    ),
  ),
  /** The legal basis the Bescheid names; default: § 49 Abs. 2 Satz 1 Nr. 3 VwVfG NRW. */
  legalBasis: z.optional(z.string().check(z.trim(), z.minLength(3, 'Bitte nennen Sie die Rechtsgrundlage.'), z.maxLength(300, 'Die Rechtsgrundlage ist zu lang (höchstens 300 Zeichen).'))),
});


/**
 * `POST /permits/{id}/revocation` — Widerruf beabsichtigt: the hearing letter to the holder (§ 28 Abs. 1 VwVfG NRW), the
 * facts the intended revocation rests on, and the deadline (default: the tenant's hearing days).
 */
export const revocationHearingSchema = z.strictObject({
  message: z.string().check(
    z.trim(),
    z.minLength(20, 'Bitte nennen Sie die Tatsachen, auf die der beabsichtigte Widerruf gestützt wird (mindestens 20 Zeichen).'),
    z.maxLength(4000, 'Der Text ist zu lang (höchstens 4000 Zeichen).'),
  ),
  deadline: z.optional(z.iso.date({ error: 'Bitte geben Sie die Frist als Datum an (JJJJ-MM-TT).' })),
});

/** `POST /permits/{id}/revocation/drop` — the authority does not pursue the revocation; the reason is on record. */
export const dropRevocationSchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(10, 'Bitte begründen Sie, warum der Widerruf nicht weiter verfolgt wird (mindestens 10 Zeichen).'),
    z.maxLength(1000, 'Die Begründung ist zu lang (höchstens 1000 Zeichen).'),
  ),
});
