let euro: Intl.NumberFormat | undefined;

/**
 * Money as a German reads it: `3000` cents → `30,00 €` (non-breaking space before the sign). The formatter is made on
 * first use: the first Intl formatter loads ICU locale data (~10 ms), which does not belong in every cold start.
 */
export function formatEuro(amountCents: number): string {
  euro ??= new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
  return euro.format(amountCents / 100);
}
