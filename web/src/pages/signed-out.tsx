import { Page } from '../components/page.tsx';

export default function SignedOut() {
  return (
    <Page title="Sie sind abgemeldet">
      <p class="kern-body">Ihre Anmeldung in diesem Browserfenster ist beendet.</p>
      <p class="kern-body">
        <a class="kern-link" href="/anmelden">
          Wieder anmelden
        </a>
      </p>
    </Page>
  );
}
