import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../../api/call.ts';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDateTime } from '../../format.ts';

type Items = Answer<'GET /privacy/erasure-requests'>['items'];

/** The data protection officer's erasure requests: the open ones (oldest first) to review, and the decided ones. */
export default function ErasureRequests() {
  const [open, setOpen] = useState<Items>();
  const [decided, setDecided] = useState<Items>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    call('GET /privacy/erasure-requests', { query: { status: 'open' } }).then((response) => setOpen(response.body.items), setError);
    call('GET /privacy/erasure-requests', { query: { status: 'decided' } }).then((response) => setDecided(response.body.items), setError);
  }, []);

  const list = (items: Items, label: string) =>
    items.length === 0 ? (
      <p class="kern-body">Keine.</p>
    ) : (
      <ul class="kern-list" aria-label={label}>
        {items.map((item) => (
          <li key={item.requestId}>
            <a class="kern-link" href={`/datenschutz/loeschantraege/${item.requestId}`}>
              Antrag vom {formatDateTime(item.requestedAt)}
            </a>
            {item.decision && <span class="kern-body kern-body--small"> – entschieden am {formatDateTime(item.decision.decidedAt)}</span>}
          </li>
        ))}
      </ul>
    );

  return (
    <Page title="Anträge auf Löschung" lead="Anträge nach Art. 17 DSGVO: Sie sehen je Antrag, was gelöscht werden kann und was aus welchem Grund aufbewahrt werden muss, und entscheiden.">
      {error !== undefined && <ProblemMessage error={error} />}
      {!open && error === undefined && <Loading label="Die Anträge werden geladen …" />}
      {open && (
        <section aria-labelledby="offen" class="ok-stack">
          <h2 class="kern-heading-medium" id="offen">
            Zu prüfen ({open.length})
          </h2>
          {list(open, 'Offene Anträge')}
        </section>
      )}
      {decided && (
        <section aria-labelledby="entschieden" class="ok-stack">
          <h2 class="kern-heading-medium" id="entschieden">
            Entschieden
          </h2>
          {list(decided, 'Entschiedene Anträge')}
        </section>
      )}
    </Page>
  );
}
