/**
 * The payment purpose (Verwendungszweck) the payment service passes to the cash office and the bank statement. ePayBL,
 * the payment platform of the Länder behind XBezahldienste, accepts at most **27 characters**, **upper case**, from the
 * DTA/SEPA character set (`A–Z 0–9` space and `. , : ? ( ) ' + / -`; DOMAIN.md, "Checked in December 2026"): one line of
 * the old DTA remittance field. Umlauts are spelled out (Ä → AE, ß → SS), anything else outside the set becomes a space.
 *
 * The case number comes first and always whole (the cash office matches payments by it), then as much of the service's
 * title as fits.
 */
export const PURPOSE_MAX_LENGTH = 27;
export const PURPOSE_CHARACTERS = /^[A-Z0-9 .,:?()'+/-]*$/;

const SPELLED_OUT: Record<string, string> = { Ä: 'AE', Ö: 'OE', Ü: 'UE', ä: 'AE', ö: 'OE', ü: 'UE', ß: 'SS', ẞ: 'SS' };

/** Upper case in the allowed set: umlauts spelled out, other accents dropped, anything else a space; spaces collapsed. */
export function purposeText(value: string): string {
  return value
    .replace(/[ÄÖÜäöüßẞ]/g, (char) => SPELLED_OUT[char]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,:?()'+/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export class PurposeTooLong extends Error {
  override readonly name = 'PurposeTooLong';
}

export function paymentPurpose(caseNumber: string, serviceTitle: string): string {
  const reference = purposeText(caseNumber);
  // A case number is `<prefix ≤ 4>-<code>-<year>-<6 digits>` (20 characters): a longer one is a configuration error.
  if (reference.length > PURPOSE_MAX_LENGTH) throw new PurposeTooLong(`Case number longer than ${PURPOSE_MAX_LENGTH} characters`);
  const room = PURPOSE_MAX_LENGTH - reference.length - 1;
  const title = purposeText(serviceTitle).slice(0, Math.max(0, room)).trim();
  return title ? `${reference} ${title}` : reference;
}
