import { Page } from '../components/page.tsx';

export default function NotFound() {
  return (
    <Page title="Seite nicht gefunden">
      <p class="kern-body">Unter dieser Adresse gibt es keine Seite. Vielleicht hat sich ein Tippfehler eingeschlichen, oder die Seite wurde verschoben.</p>
      <p class="kern-body">
        <a class="kern-link" href="/">
          Zur Startseite
        </a>
      </p>
    </Page>
  );
}
