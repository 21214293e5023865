import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { usePublicProfile, type PublicProfile } from '../api/tenant.ts';
import { hasRole, signOutAndLeave, useSession, type Role, type SessionState } from '../auth/session.ts';
import { STAFF_ROLES } from '#functions/training/model';
import { SessionDialog } from './session-dialog.tsx';

/** The county: the default authority shown to people who are not signed in. */
export const COUNTY_ID = 'rhein-kreis-neuss';

interface NavItem {
  href: string;
  label: string;
  roles: Role[];
  /** Only for people of the county (e.g. its vehicle registration office), not of a municipality. */
  county?: true;
  /** Only for people of a town running the county's ZB I sticker pilot (its public profile says so). */
  stickerPilot?: true;
  /** Further paths that belong to this area (e.g. a case opened from the inbox). */
  also?: string[];
}

/** Role-aware navigation: each person sees the areas of their roles, nothing they could not open. */
const NAVIGATION: NavItem[] = [
  { href: '/dienste', label: 'Online-Dienste', roles: ['citizen', 'business'] },
  { href: '/antraege', label: 'Meine Anträge', roles: ['citizen', 'business'] },
  { href: '/betriebe', label: 'Meine Betriebe', roles: ['business'] },
  { href: '/sachbearbeitung', label: 'Posteingang', roles: ['caseworker'], also: ['/sachbearbeitung/antraege/'] },
  { href: '/sachbearbeitung/schalter', label: 'Am Schalter', roles: ['caseworker'] },
  { href: '/sachbearbeitung/weiterleitungen', label: 'Weiterleitungen', roles: ['caseworker'] },
  { href: '/sachbearbeitung/baulasten', label: 'Baulasten', roles: ['caseworker'] },
  { href: '/sachbearbeitung/gewerberegister', label: 'Gewerberegister', roles: ['caseworker'] },
  { href: '/sachbearbeitung/zulassung', label: 'Zulassung', roles: ['caseworker'], county: true },
  { href: '/sachbearbeitung/zulassung', label: 'Fahrzeugschein-Aufkleber', roles: ['caseworker'], stickerPilot: true },
  { href: '/kontrolle', label: 'Parkkontrolle', roles: ['enforcement'] },
  { href: '/fortbildung', label: 'Fortbildung', roles: [...STAFF_ROLES] },
  { href: '/verwaltung/einstellungen', label: 'Einstellungen', roles: ['tenant-admin'] },
  { href: '/verwaltung/beschaeftigte', label: 'Beschäftigte', roles: ['tenant-admin'] },
  { href: '/verwaltung/fortbildung', label: 'Pflichtschulungen', roles: ['tenant-admin'] },
  { href: '/verwaltung/berichte', label: 'Schulungsstand', roles: ['tenant-admin'] },
  { href: '/verwaltung/kennzahlen', label: 'Kennzahlen', roles: ['tenant-admin'] },
  { href: '/datenschutz/protokoll', label: 'Protokoll der Zugriffe', roles: ['data-protection-officer'] },
  { href: '/meine-daten', label: 'Meine Daten', roles: ['citizen', 'business', 'employee'] },
  { href: '/datenschutz/loeschantraege', label: 'Löschanträge', roles: ['data-protection-officer'] },
  { href: '/datenschutz/verzeichnis', label: 'Verarbeitungsverzeichnis', roles: ['data-protection-officer'] },
  { href: '/kreis/kommunen', label: 'Kommunen', roles: ['county-admin'] },
  { href: '/kreis/fortbildung', label: 'Schulungsstand im Kreis', roles: ['county-admin'] },
  { href: '/kreis/kennzahlen', label: 'Kennzahlen im Kreis', roles: ['county-admin'] },
];

export function navigationFor(current: SessionState, profile?: PublicProfile): NavItem[] {
  const own = current.status !== 'anonymous' && profile?.id === current.user.tenantId ? profile : undefined;
  return NAVIGATION.filter(
    (item) =>
      hasRole(current, ...item.roles) &&
      (!item.county || (current.status !== 'anonymous' && current.user.tenantId === COUNTY_ID)) &&
      (!item.stickerPilot || own?.addressChangeVehicleVariant === 'town-office-sticker'),
  );
}

function isCurrent(path: string, item: NavItem): boolean {
  const { href } = item;
  return path === href || (href !== '/sachbearbeitung' && path.startsWith(`${href}/`)) || (item.also ?? []).some((prefix) => path.startsWith(prefix));
}

export function Layout({ children }: { children: ComponentChildren }) {
  const current = useSession();
  const { path } = useLocation();
  const tenantId = current.status === 'anonymous' ? COUNTY_ID : current.user.tenantId;
  const profile = usePublicProfile(tenantId);
  const authority = profile?.name ?? 'Rhein-Kreis Neuss';
  const items = navigationFor(current, profile);
  return (
    <>
      <a class="ok-skip-link kern-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <div class="kern-kopfzeile">
        <div class="kern-container">
          <div class="kern-kopfzeile__content">
            <span class="kern-kopfzeile__flagge" aria-hidden="true" />
            <span class="kern-kopfzeile__label">Offizielles Serviceportal: {authority}</span>
          </div>
        </div>
      </div>
      <header class="ok-header">
        <div class="kern-container ok-header__bar">
          <a class="ok-brand" href="/">
            <span class="ok-brand__name">{authority}</span>
            <span class="ok-brand__service">Serviceportal</span>
          </a>
          {current.status !== 'anonymous' ? (
            <div class="ok-account">
              <span class="kern-body kern-body--small ok-account__email">{current.user.email}</span>
              <a
                class="kern-btn kern-btn--tertiary kern-btn--x-small"
                href="/abgemeldet"
                onClick={(event) => {
                  event.preventDefault();
                  signOutAndLeave();
                }}
              >
                <span class="kern-label">Abmelden</span>
              </a>
            </div>
          ) : (
            path !== '/anmelden' && (
              <a class="kern-btn kern-btn--secondary kern-btn--x-small" href={`/anmelden?weiter=${encodeURIComponent(path)}`}>
                <span class="kern-label">Anmelden</span>
              </a>
            )
          )}
        </div>
        {items.length > 0 && (
          <nav class="ok-nav" aria-label="Hauptnavigation">
            <ul class="kern-container ok-nav__list">
              {items.map((item) => (
                <li key={item.href}>
                  <a class="ok-nav__link" href={item.href} aria-current={isCurrent(path, item) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="inhalt" class="kern-container ok-main" tabIndex={-1}>
        {children}
      </main>
      <footer class="ok-footer">
        <div class="kern-container">
          <nav aria-label="Rechtliches und Barrierefreiheit">
            <ul class="kern-list ok-footer__links">
              {profile && (
                <>
                  <li>
                    <a class="kern-link" href={profile.urls.imprint} rel="noopener">
                      Impressum
                    </a>
                  </li>
                  <li>
                    <a class="kern-link" href={profile.urls.privacy} rel="noopener">
                      Datenschutz
                    </a>
                  </li>
                </>
              )}
              <li>
                <a class="kern-link" href="/barrierefreiheit">
                  Erklärung zur Barrierefreiheit
                </a>
              </li>
              <li>
                <a class="kern-link" href={`/offene-daten/${tenantId}`}>
                  Offene Daten
                </a>
              </li>
              <li>
                <a class="kern-link" href="/api-referenz/">
                  Schnittstelle (API)
                </a>
              </li>
            </ul>
          </nav>
          <p class="kern-body kern-body--small">
            {authority}
            {profile?.contact.postalAddress ? ` · ${profile.contact.postalAddress}` : ''}
            {profile ? ` · ${profile.contact.email}` : ''}
          </p>
        </div>
      </footer>
      <SessionDialog />
    </>
  );
}
