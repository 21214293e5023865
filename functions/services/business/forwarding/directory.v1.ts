/**
 * Recipient directory, version 1 — DEMO data for the Rhein-Kreis Neuss and its municipalities.
 *
 * The authorities are the ones responsible for the county as far as we know them (IHK Mittlerer Niederrhein,
 * Handwerkskammer Düsseldorf, Bezirksregierung Düsseldorf, IT.NRW, …), but the authority ids (`DEMO-…`) are
 * placeholders, not entries of the code list of further communication partners (`weiterekommunikationspartner`); replace them
 * with the ids from the DVDV before connecting a real transport. Every entry uses the sandbox transport.
 *
 * The customs office is deliberately unreachable for its first five attempts (`sandbox.failFirstAttempts`) with
 * second-scale backoff, so the retry → dead letter → resend path can be shown and tested end to end. It receives
 * notices only when a caseworker forwards one (§ 3 Abs. 3 GewAnzV), so no automatic delivery is affected.
 */
import type { RecipientDirectory, RecipientEndpoint } from './directory.ts';

function endpoint(recipientId: RecipientEndpoint['recipientId'], name: string, id: string, extra: Partial<RecipientEndpoint> = {}): RecipientEndpoint {
  return { recipientId, name, authority: { prefix: 'xga', id }, transport: 'sandbox', ...extra };
}

export const DIRECTORY_V1: RecipientDirectory = {
  version: 'v1',
  defaults: [
    endpoint('ihk', 'Industrie- und Handelskammer Mittlerer Niederrhein', 'DEMO-IHK-MN'),
    endpoint('hwk', 'Handwerkskammer Düsseldorf', 'DEMO-HWK-D'),
    endpoint('immissionsschutz', 'Bezirksregierung Düsseldorf – Immissionsschutz', 'DEMO-BR-D-IS'),
    endpoint('arbeitsschutz', 'Bezirksregierung Düsseldorf – Arbeitsschutz', 'DEMO-BR-D-AS'),
    endpoint('eichbehoerde', 'Landesbetrieb Mess- und Eichwesen Nordrhein-Westfalen', 'DEMO-LBME-NRW'),
    endpoint('arbeitsagentur', 'Agentur für Arbeit Mönchengladbach', 'DEMO-BA-MG'),
    endpoint('dguv', 'Deutsche Gesetzliche Unfallversicherung e. V.', 'DEMO-DGUV'),
    endpoint('registergericht', 'Amtsgericht Neuss – Registergericht', 'DEMO-AG-NE'),
    endpoint('lebensmittelueberwachung', 'Rhein-Kreis Neuss – Lebensmittelüberwachung', 'DEMO-RKN-LM'),
    endpoint('statistik', 'Information und Technik Nordrhein-Westfalen (IT.NRW)', 'DEMO-ITNRW'),
    endpoint('finanzamt', 'Finanzamt Neuss', 'DEMO-FA-NE'),
    endpoint('zoll', 'Hauptzollamt Düsseldorf – Finanzkontrolle Schwarzarbeit', 'DEMO-HZA-D', {
      sandbox: { failFirstAttempts: 5 },
      retry: { baseSeconds: 1, maxSeconds: 2, maxAttempts: 5 },
    }),
    // Prefix `azr` and a 6-digit key of the XAusländer list, as in KoSIT's sample; the key is a demo value.
    endpoint('auslaenderbehoerde', 'Rhein-Kreis Neuss – Ausländerbehörde', '999001', { authority: { prefix: 'azr', id: '999001' } }),
  ],
  tenants: {
    grevenbroich: [endpoint('finanzamt', 'Finanzamt Grevenbroich', 'DEMO-FA-GV')],
  },
};
