import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../../api/call.ts';
import { BusinessStatusBadge, closureText, premisesLine } from '../../components/business.tsx';
import { SummaryList } from '../../components/data.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime } from '../../format.ts';

/**
 * One business of the municipality's trade register (`GET /business/register/{businessId}`): its facts as they are
 * now, its status (active, or deregistered with the date and what closed it — its own GewA3 or the Rückmeldung of the
 * municipality it moved to), and its versions: one per notice, oldest first, with the case number linking to the case
 * where the case is this municipality's (a Rückmeldung's case is the new municipality's).
 */
type Detail = Answer<'GET /business/register/{businessId}'>;
type Version = Detail['versions'][number];

const KIND_LABELS: Record<Version['kind'], string> = {
  GewA1: 'Gewerbeanmeldung (GewA1)',
  GewA2: 'Gewerbeummeldung (GewA2)',
  GewA3: 'Gewerbeabmeldung (GewA3)',
  relocation: 'Rückmeldung: Verlegung in eine andere Gemeinde',
};

function CaseLink({ caseNumber, applicationId }: { caseNumber: string; applicationId?: string | undefined }) {
  return applicationId ? (
    <a class="kern-link" href={`/sachbearbeitung/antraege/${encodeURIComponent(applicationId)}`}>
      {caseNumber}
    </a>
  ) : (
    <>{caseNumber}</>
  );
}

/** What a version changed against the one before, in words (the first version registers everything). */
function changesOf(version: Version, previous: Version | undefined): string[] {
  if (!previous) return [];
  const changes: string[] = [];
  if (version.name !== previous.name) changes.push(`Name: ${version.name}`);
  if ((version.tradeName ?? '') !== (previous.tradeName ?? '')) changes.push(version.tradeName ? `Geschäftsbezeichnung: ${version.tradeName}` : 'Geschäftsbezeichnung entfällt');
  if (premisesLine(version.premises) !== premisesLine(previous.premises)) changes.push(`Betriebsstätte: ${premisesLine(version.premises)}`);
  if (version.activity !== previous.activity) changes.push(`Tätigkeit: ${version.activity}`);
  if ((version.wzCode ?? '') !== (previous.wzCode ?? '')) changes.push(version.wzCode ? `WZ-Schlüssel: ${version.wzCode}` : 'WZ-Schlüssel entfällt');
  if (version.status !== previous.status) changes.push(version.status === 'deregistered' ? 'Betrieb abgemeldet' : 'Betrieb angemeldet');
  return changes;
}

export default function TradeRegisterEntry() {
  const { params } = useRoute();
  const businessId = params.id!;
  const [detail, setDetail] = useState<Detail>();
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    setDetail(undefined);
    setProblem(undefined);
    call('GET /business/register/{businessId}', { params: { businessId } }).then(
      (response) => setDetail(response.body),
      (error: unknown) => setProblem(error),
    );
  }, [businessId]);

  const entry = detail?.entry;
  const registration = detail?.versions.find((version) => version.kind === 'GewA1');
  return (
    <Page title={entry ? `Betrieb: ${entry.tradeName ?? entry.name}` : 'Betrieb im Gewerberegister'} lead={`Betriebs-ID ${businessId}`}>
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung/gewerberegister">
          Zurück zum Gewerberegister
        </a>
      </p>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!detail && problem === undefined && <Loading label="Der Betrieb wird geladen …" />}
      {detail && entry && (
        <>
          <section aria-labelledby="stand-title">
            <h2 class="kern-heading-medium" id="stand-title">
              Stand
            </h2>
            <p class="kern-body">
              <BusinessStatusBadge entry={entry} />{' '}
              {entry.status === 'active' ? (
                <>
                  Angemeldet seit {formatDate(entry.registeredOn)} (Gewerbeanmeldung <CaseLink caseNumber={entry.caseNumber} applicationId={registration?.applicationId} />)
                </>
              ) : (
                closureText(entry)
              )}
            </p>
          </section>
          <section aria-labelledby="facts-title">
            <h2 class="kern-heading-medium" id="facts-title">
              Angaben im Register
            </h2>
            <SummaryList
              label="Angaben im Register"
              rows={[
                ['Gewerbetreibende', entry.name],
                ['Geschäftsbezeichnung', entry.tradeName],
                ['Betriebsstätte', premisesLine(entry.premises)],
                ['Tätigkeit', entry.activity],
                ['WZ-Schlüssel (WZ 2008)', entry.wzCode],
                ['Angemeldet seit', formatDate(entry.registeredOn)],
                ['Abgemeldet zum', entry.deregisteredOn && formatDate(entry.deregisteredOn)],
                entry.closedBy?.kind === 'relocation' && ['Verlegt nach', entry.closedBy.movedTo ?? 'eine andere Gemeinde'],
                ['Fassung', `${entry.version}, zuletzt geändert am ${formatDateTime(entry.updatedAt)} Uhr`],
              ]}
            />
          </section>
          <section aria-labelledby="versions-title">
            <h2 class="kern-heading-medium" id="versions-title">
              Verlauf
            </h2>
            <ol class="ok-records" aria-labelledby="versions-title">
              {detail.versions.map((version, index) => {
                const changes = changesOf(version, detail.versions[index - 1]);
                return (
                  <li key={version.version}>
                    <p class="kern-body">
                      <strong>
                        Fassung {version.version}: {KIND_LABELS[version.kind]}
                      </strong>{' '}
                      · {formatDateTime(version.at)} Uhr · Aktenzeichen <CaseLink caseNumber={version.caseNumber} applicationId={version.applicationId} />
                    </p>
                    <p class="kern-body kern-body--small">
                      {index === 0 ? `${version.name}${version.tradeName ? ` („${version.tradeName}“)` : ''}, ${premisesLine(version.premises)} – ${version.activity}` : changes.length > 0 ? changes.join(' · ') : 'Keine Änderung der Angaben im Register.'}
                    </p>
                  </li>
                );
              })}
            </ol>
          </section>
        </>
      )}
    </Page>
  );
}
