import { useLocation } from 'preact-iso';
import { usePublicProfile } from '../api/tenant.ts';
import { useSession } from '../auth/session.ts';
import { Loading } from '../components/feedback.tsx';
import { COUNTY_ID } from '../components/layout.tsx';
import { Page } from '../components/page.tsx';

/** When this statement was made and last reviewed (the self-assessment it reports). */
const STATEMENT_DATE = '7. Dezember 2026';

/**
 * The accessibility statement (Erklärung zur Barrierefreiheit, § 10b BGG NRW with BITV NRW) of the authority whose
 * portal this is: the signed-in person's, `?verwaltung=<id>` for another, the county for everyone else. The platform
 * is the same for every authority, so is its state of conformity; the feedback contact is each authority's own
 * (`accessibilityFeedback` of its public profile, else its contact e-mail), as is the way to the NRW ombudsman.
 */
export default function AccessibilityStatement() {
  const current = useSession();
  const { query } = useLocation();
  const tenantId = query.verwaltung ?? (current.status === 'anonymous' ? COUNTY_ID : current.user.tenantId);
  const profile = usePublicProfile(tenantId);
  const feedback = profile?.accessibilityFeedback;
  return (
    <Page title="Erklärung zur Barrierefreiheit">
      {!profile && <Loading />}
      {profile && feedback && (
        <div class="ok-lead ok-stack">
          <p class="kern-body kern-body--large">
            {profile.name} ist bemüht, dieses Serviceportal barrierefrei zugänglich zu machen – nach dem Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und
            der Barrierefreie-Informationstechnik-Verordnung NRW (BITV NRW), die auf die Norm EN 301 549 und die Richtlinien WCAG 2.1 (Stufe AA) verweisen.
          </p>

          <h2 class="kern-heading-medium">Wie barrierefrei ist das Serviceportal?</h2>
          <p class="kern-body">
            Das Serviceportal ist <strong>teilweise barrierefrei</strong>. Die Seiten zum Anmelden, zu den Online-Diensten, zu Ihren Anträgen und ihrem Stand, zur Zahlung und zur
            Prüfung von Dokumenten erfüllen die Anforderungen. Die folgenden Inhalte sind noch nicht barrierefrei.
          </p>

          <h2 class="kern-heading-medium">Was ist noch nicht barrierefrei?</h2>
          <ul class="kern-list kern-list--bullet">
            <li>
              Die PDF-Dokumente, die das Portal ausstellt (zum Beispiel der Bewohnerparkausweis zum Ausdrucken und Bescheinigungen), sind noch nicht nach PDF/UA
              ausgezeichnet. Screenreader lesen sie deshalb nicht in jedem Fall in der richtigen Reihenfolge vor. Alle Angaben daraus finden Sie auch auf der Seite Ihres
              Antrags; auf Wunsch senden wir Ihnen die Angaben in einer anderen Form.
            </li>
            <li>Informationen zu Inhalt und Bedienung in Leichter Sprache und in Deutscher Gebärdensprache fehlen noch. Wir arbeiten daran.</li>
            <li>
              Dokumente, die Antragstellende selbst hochladen (zum Beispiel Nachweise), prüfen wir nicht auf Barrierefreiheit. Sie stammen nicht von uns.
            </li>
          </ul>

          <h2 class="kern-heading-medium">Wie wurde das geprüft?</h2>
          <p class="kern-body">
            Die Erklärung beruht auf einer Selbstbewertung: Jede Seite wird bei jeder Änderung automatisch mit dem Prüfwerkzeug axe-core auf die Kriterien der WCAG 2.1
            (Stufen A und AA) getestet, die wichtigsten Abläufe werden nur mit der Tastatur durchlaufen, und jede Seite wird bei 320 Pixeln Breite auf waagerechtes
            Scrollen geprüft. Diese Erklärung wurde am {STATEMENT_DATE} erstellt und zuletzt überprüft.
          </p>

          <h2 class="kern-heading-medium">Barrieren melden: Ihr Kontakt zu {profile.name}</h2>
          <p class="kern-body">
            Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie Inhalte in einer anderen Form? Schreiben Sie uns. Wir antworten Ihnen so schnell
            wie möglich, spätestens innerhalb eines Monats.
          </p>
          <ul class="kern-list">
            <li>
              E-Mail:{' '}
              <a class="kern-link" href={`mailto:${feedback.email}`}>
                {feedback.email}
              </a>
            </li>
            {feedback.phone && (
              <li>
                Telefon:{' '}
                <a class="kern-link" href={`tel:${feedback.phone.replace(/[^+0-9]/g, '')}`}>
                  {feedback.phone}
                </a>
              </li>
            )}
            {feedback.url && (
              <li>
                <a class="kern-link" href={feedback.url} rel="noopener">
                  Online-Formular für Hinweise zur Barrierefreiheit
                </a>
              </li>
            )}
          </ul>

          <h2 class="kern-heading-medium">Ombudsverfahren</h2>
          <p class="kern-body">
            Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort bekommen, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes
            Nordrhein-Westfalen wenden (§§ 10d, 10e BGG NRW, §§ 9 ff. BITV NRW). Sie vermittelt kostenlos zwischen Ihnen und der Verwaltung.
          </p>
          <ul class="kern-list">
            <li>
              E-Mail:{' '}
              <a class="kern-link" href="mailto:ombudsstelle-barrierefreie-it@mags.nrw.de">
                ombudsstelle-barrierefreie-it@mags.nrw.de
              </a>
            </li>
            <li>
              <a class="kern-link" href="https://www.lbbp.nrw.de/ombudsstelle" rel="noopener">
                Website der Ombudsstelle mit dem Antragsformular
              </a>
            </li>
          </ul>
        </div>
      )}
    </Page>
  );
}
