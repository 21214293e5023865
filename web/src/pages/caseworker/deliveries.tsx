import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { DeliveryStatus, deliverySummary } from '#functions/services/business/forwarding/model';
import { api } from '../../api/client.ts';
import { Badge, CursorPager, pageUrl, type BadgeKind } from '../../components/data.tsx';
import { Alert, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDateTime } from '../../format.ts';

/**
 * The forwarding of Gewerbeanzeigen to the authorities of § 3 GewAnzV (XGewerbeanzeige), by status — the dead letters
 * first, because they wait for a person — with "send again" for the failed and dead ones. Summaries only: the API
 * gives no message content. Status and page are in the URL (`?stand=…&seite=…`).
 */
type Delivery = ReturnType<typeof deliverySummary>;
interface DeliveryPage {
  status: DeliveryStatus;
  items: Delivery[];
  cursor: string | null;
}

const PATH = '/sachbearbeitung/weiterleitungen';

/** Tabs in the order of urgency, with the status's German name in the URL. */
const TABS: ReadonlyArray<{ status: DeliveryStatus; slug: string; label: string }> = [
  { status: 'dead', slug: 'manuell', label: 'Manuell wiederholen' },
  { status: 'failed', slug: 'fehlgeschlagen', label: 'Neuer Versuch geplant' },
  { status: 'pending', slug: 'unterwegs', label: 'Wird übermittelt' },
  { status: 'delivered', slug: 'zugestellt', label: 'Zugestellt' },
];

const KINDS: Record<DeliveryStatus, BadgeKind> = { dead: 'danger', failed: 'warning', pending: 'info', delivered: 'success' };

export default function Deliveries() {
  const { query } = useLocation();
  const tab = TABS.find((candidate) => candidate.slug === query.stand) ?? TABS[0]!;
  const cursor = query.seite ?? '';
  const [page, setPage] = useState<DeliveryPage>();
  const [problem, setProblem] = useState<unknown>();
  const [resent, setResent] = useState<{ deliveryId: string; text: string; ok: boolean }>();
  const [busy, setBusy] = useState<string>();

  useEffect(() => {
    setPage(undefined);
    setProblem(undefined);
    setResent(undefined);
    let current = true;
    api<DeliveryPage>('GET', '/business/deliveries', { query: { status: tab.status, cursor: cursor || undefined } }).then(
      (response) => current && setPage(response.body),
      (error: unknown) => current && setProblem(error),
    );
    return () => {
      current = false;
    };
  }, [tab.status, cursor]);

  const resend = async (delivery: Delivery) => {
    setBusy(delivery.deliveryId);
    setResent(undefined);
    try {
      const response = await api<Delivery>('POST', `/business/deliveries/${encodeURIComponent(delivery.deliveryId)}/resend`);
      const updated = response.body;
      setPage((current) => current && { ...current, items: current.items.map((item) => (item.deliveryId === updated.deliveryId ? updated : item)) });
      setResent({
        deliveryId: updated.deliveryId,
        ok: updated.status === 'delivered',
        text: updated.status === 'delivered' ? `Die Übermittlung an ${updated.recipientName} ist zugestellt.` : `Erneut nicht zugestellt (${updated.statusLabel}). ${updated.lastError ?? ''}`.trim(),
      });
    } catch (error) {
      setResent({ deliveryId: delivery.deliveryId, ok: false, text: (error as Error).message });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Page title="Weiterleitungen von Gewerbeanzeigen" lead="Die Übermittlungen an die Stellen nach § 3 GewAnzV. Was mehrmals nicht zugestellt werden konnte, wartet auf Sie.">
      <nav aria-label="Übermittlungen nach Stand">
        <ul class="kern-list kern-list--horizontal ok-tabs">
          {TABS.map((candidate) => (
            <li key={candidate.status}>
              <a class="kern-link" href={pageUrl(PATH, { stand: candidate.slug })} aria-current={candidate === tab ? 'page' : undefined}>
                {candidate.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div aria-live="polite">
        {resent && (
          <Alert kind={resent.ok ? 'success' : 'warning'} title={resent.ok ? 'Zugestellt' : 'Nicht zugestellt'}>
            <p class="kern-body">{resent.text}</p>
          </Alert>
        )}
      </div>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!page && problem === undefined && <Loading />}
      {page && page.items.length === 0 && <p class="kern-body">Keine Übermittlungen mit dem Stand „{tab.label}“.</p>}
      {page && page.items.length > 0 && (
        <>
          <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="deliveries-caption">
            <table class="kern-table">
              <caption class="kern-title" id="deliveries-caption">
                Übermittlungen: {tab.label}
              </caption>
              <thead>
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">Empfänger</th>
                  <th class="kern-table__header" scope="col">Aktenzeichen</th>
                  <th class="kern-table__header" scope="col">Stand</th>
                  <th class="kern-table__header" scope="col">Versuche</th>
                  <th class="kern-table__header" scope="col">Letzter Fehler</th>
                  <th class="kern-table__header" scope="col">Aktion</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {page.items.map((delivery) => (
                  <tr class="kern-table__row" key={delivery.deliveryId}>
                    <th class="kern-table__header" scope="row">
                      {delivery.recipientName}
                      {delivery.kind === 'statistics-batch' && <span class="kern-body kern-body--small"> (Monatsmeldung {delivery.period})</span>}
                    </th>
                    <td class="kern-table__cell">{delivery.caseNumbers.join(', ') || '–'}</td>
                    <td class="kern-table__cell">
                      <Badge kind={KINDS[delivery.status]}>{delivery.statusLabel}</Badge>
                      {delivery.nextAttemptAt && <p class="kern-body kern-body--small">Nächster Versuch {formatDateTime(delivery.nextAttemptAt)}</p>}
                      {delivery.deliveredAt && <p class="kern-body kern-body--small">Zugestellt {formatDateTime(delivery.deliveredAt)}</p>}
                    </td>
                    <td class="kern-table__cell kern-table__cell--numeric">{delivery.totalAttempts}</td>
                    <td class="kern-table__cell">{delivery.lastError ?? '–'}</td>
                    <td class="kern-table__cell">
                      {(delivery.status === 'dead' || delivery.status === 'failed') && (
                        <button
                          class="kern-btn kern-btn--secondary kern-btn--x-small"
                          type="button"
                          disabled={busy === delivery.deliveryId}
                          onClick={() => void resend(delivery)}
                          aria-label={`Erneut senden: an ${delivery.recipientName}${delivery.caseNumbers.length ? `, ${delivery.caseNumbers.join(', ')}` : ''}`}
                        >
                          <span class="kern-label">Erneut senden</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager
            label="Seiten der Übermittlungen"
            next={page.cursor ? pageUrl(PATH, { stand: tab.slug, seite: page.cursor }) : undefined}
            first={cursor ? pageUrl(PATH, { stand: tab.slug }) : undefined}
          />
        </>
      )}
    </Page>
  );
}
