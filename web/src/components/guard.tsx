import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { hasRole, useSession, type Role } from '../auth/session.ts';
import { Alert } from './feedback.tsx';
import { Page } from './page.tsx';

/** A page for some roles: people who are not signed in are sent to sign in (and back); others are told why not. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ComponentChildren }) {
  const current = useSession();
  const { url, route } = useLocation();
  const anonymous = current.status === 'anonymous';
  useEffect(() => {
    if (anonymous) route(`/anmelden?weiter=${encodeURIComponent(url)}`, true);
  }, [anonymous]);
  if (anonymous) return null;
  if (!hasRole(current, ...roles)) {
    return (
      <Page title="Keine Berechtigung">
        <Alert kind="warning" title="Diese Seite ist für Ihre Rolle nicht vorgesehen">
          <p class="kern-body">
            Sie sind als {current.user.email} angemeldet. <a class="kern-link" href="/">Zur Startseite</a>
          </p>
        </Alert>
      </Page>
    );
  }
  return <>{children}</>;
}
