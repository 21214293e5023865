import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { hasRole, useSession } from '../auth/session.ts';
import { navigationFor } from '../components/layout.tsx';
import { Page } from '../components/page.tsx';

/** The start page: signed-in people go to their main area; everyone else learns what the portal offers. */
export default function Home() {
  const current = useSession();
  const { route } = useLocation();
  const target = hasRole(current, 'caseworker')
    ? '/sachbearbeitung'
    : hasRole(current, 'citizen', 'business')
      ? '/dienste'
      : hasRole(current, 'enforcement')
        ? '/kontrolle'
        : hasRole(current, 'county-admin')
          ? '/kreis/kommunen'
          : hasRole(current, 'tenant-admin')
            ? '/verwaltung'
            : hasRole(current, 'employee')
              ? '/fortbildung'
              : hasRole(current, 'data-protection-officer')
                ? '/datenschutz/protokoll'
                : undefined;
  useEffect(() => {
    if (target) route(target, true);
  }, [target]);
  if (target) return null;
  if (current.status !== 'anonymous') {
    const items = navigationFor(current);
    return (
      <Page title="Willkommen" lead={`Sie sind als ${current.user.email} angemeldet.`}>
        {items.length === 0 && <p class="kern-body">Für Ihre Rolle gibt es in diesem Portal noch keine Bereiche.</p>}
      </Page>
    );
  }
  return (
    <Page title="Verwaltung online" lead="Anträge stellen, den Stand verfolgen, Bescheide herunterladen – rund um die Uhr und barrierefrei.">
      <div class="ok-cards">
        <section class="kern-card">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-title">Für Bürgerinnen, Bürger und Unternehmen</h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">Bewohnerparkausweis, Gewerbeanzeige, Ummeldung mit Fahrzeugpapieren und Baulastenauskunft – online beantragen und bezahlen.</p>
            </div>
          </div>
        </section>
        <section class="kern-card">
          <div class="kern-card__container">
            <div class="kern-card__header">
              <h2 class="kern-title">Für Beschäftigte der Verwaltung</h2>
            </div>
            <div class="kern-card__body">
              <p class="kern-body">Sachbearbeitung, Parkkontrolle, Fortbildung und Verwaltung der Mandanten.</p>
            </div>
          </div>
        </section>
      </div>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href="/anmelden">
          <span class="kern-label">Anmelden</span>
        </a>
      </p>
      <p class="kern-body">Sie können Ihr Anliegen auch persönlich im Bürgerbüro Ihrer Stadt oder Gemeinde vorbringen; dort wird es für Sie erfasst.</p>
    </Page>
  );
}
