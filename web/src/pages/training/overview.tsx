import { useEffect, useState } from 'preact/hooks';
import { catalogue, myTraining, type CourseSummary, type CycleCertificate, type EnrolmentView } from '../../api/training.ts';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { useReadQueue } from '../../training/read-queue.ts';
import { CertificateActions, deadlineText, StatusBadge } from './parts.tsx';

interface Overview {
  /** The latest cycle of each course, newest first. */
  latest: EnrolmentView[];
  certificates: CycleCertificate[];
  courses: CourseSummary[];
}

async function loadOverview(): Promise<Overview> {
  const [mine, courses] = await Promise.all([myTraining(), catalogue()]);
  // The server lists every cycle newest first: the first of each course is its latest.
  const seen = new Set<string>();
  const latest = mine.enrolments.filter((enrolment) => !seen.has(enrolment.courseId) && Boolean(seen.add(enrolment.courseId)));
  return { latest, certificates: mine.certificates, courses };
}

/** Assigned training: overdue first (longest overdue first), then by due date, then the rest. */
export function byUrgency(a: EnrolmentView, b: EnrolmentView): number {
  const rank = (enrolment: EnrolmentView) => (enrolment.status === 'overdue' ? 0 : enrolment.dueDate ? 1 : 2);
  return rank(a) - rank(b) || (a.dueDate ?? '').localeCompare(b.dueDate ?? '');
}

const isOpen = (enrolment: EnrolmentView) => enrolment.status === 'due' || enrolment.status === 'overdue';

function CycleItem({ enrolment, title, certificate }: { enrolment: EnrolmentView; title: string; certificate?: CycleCertificate | undefined }) {
  const deadline = deadlineText(enrolment);
  const { progress } = enrolment;
  return (
    <li class="kern-card">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <h3 class="kern-title">
            <a class="kern-link" href={`/fortbildung/kurse/${encodeURIComponent(enrolment.courseId)}`}>
              {title}
            </a>
          </h3>
        </div>
        <div class="kern-card__body ok-stack">
          <p class="kern-body">
            <StatusBadge enrolment={enrolment} /> {enrolment.mandatory ? 'Pflichtschulung' : 'Freiwillig'}
            {deadline && <> · {deadline}</>}
          </p>
          {isOpen(enrolment) && progress.lessonsTotal !== undefined && (
            <p class="kern-body kern-body--small">
              {progress.lessonsRead} von {progress.lessonsTotal} Lektionen gelesen · Quiz {progress.quizPassed ? 'bestanden' : 'noch nicht bestanden'}
            </p>
          )}
          {certificate && certificate.status === 'valid' && <CertificateActions certificateId={certificate.certificateId} />}
        </div>
      </div>
    </li>
  );
}

/** "Meine Fortbildungen": assigned courses (overdue first), begun ones, completed ones with certificates, the catalogue. */
export default function TrainingOverview() {
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<unknown>();
  const reload = () => loadOverview().then(setOverview, setError);
  useEffect(() => void reload(), []);
  useReadQueue(() => void reload());

  const titles = new Map((overview?.courses ?? []).map((course) => [course.id, course.title]));
  const titleOf = (enrolment: EnrolmentView) => enrolment.courseTitle ?? titles.get(enrolment.courseId) ?? enrolment.courseId;
  const latest = overview?.latest ?? [];
  const assigned = latest.filter((enrolment) => isOpen(enrolment) && enrolment.mandatory).sort(byUrgency);
  const begun = latest.filter((enrolment) => isOpen(enrolment) && !enrolment.mandatory);
  const finished = latest.filter((enrolment) => !isOpen(enrolment));
  const enrolled = new Set(latest.map((enrolment) => enrolment.courseId));
  const others = (overview?.courses ?? []).filter((course) => !enrolled.has(course.id));
  const certificateOf = (enrolment: EnrolmentView) => overview?.certificates.find((certificate) => certificate.certificateId === enrolment.certificateId);

  return (
    <Page title="Meine Fortbildungen" lead="Ihre Pflichtschulungen mit Fristen, Ihre begonnenen und abgeschlossenen Kurse und alle weiteren Kurse, die Sie freiwillig belegen können.">
      {error !== undefined && <ProblemMessage error={error} />}
      {!overview && error === undefined && <Loading />}
      {overview && (
        <>
          <section aria-labelledby="pflicht" class="ok-stack">
            <h2 class="kern-heading-medium" id="pflicht">
              Pflichtschulungen
            </h2>
            {assigned.length === 0 ? (
              <p class="kern-body">Ihnen ist zurzeit keine Pflichtschulung zugewiesen, die noch offen ist.</p>
            ) : (
              <ul class="ok-cards">
                {assigned.map((enrolment) => (
                  <CycleItem key={enrolment.courseId} enrolment={enrolment} title={titleOf(enrolment)} />
                ))}
              </ul>
            )}
          </section>
          {begun.length > 0 && (
            <section aria-labelledby="begonnen" class="ok-stack">
              <h2 class="kern-heading-medium" id="begonnen">
                Begonnene Kurse
              </h2>
              <ul class="ok-cards">
                {begun.map((enrolment) => (
                  <CycleItem key={enrolment.courseId} enrolment={enrolment} title={titleOf(enrolment)} />
                ))}
              </ul>
            </section>
          )}
          {finished.length > 0 && (
            <section aria-labelledby="abgeschlossen" class="ok-stack">
              <h2 class="kern-heading-medium" id="abgeschlossen">
                Abgeschlossen und Nachweise
              </h2>
              <ul class="ok-cards">
                {finished.map((enrolment) => (
                  <CycleItem key={enrolment.courseId} enrolment={enrolment} title={titleOf(enrolment)} certificate={certificateOf(enrolment)} />
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="katalog" class="ok-stack">
            <h2 class="kern-heading-medium" id="katalog">
              Weitere Kurse
            </h2>
            {others.length === 0 ? (
              <p class="kern-body">Sie haben alle Kurse des Katalogs belegt.</p>
            ) : (
              <ul class="ok-cards">
                {others.map((course) => (
                  <li key={course.id} class="kern-card">
                    <div class="kern-card__container">
                      <div class="kern-card__header">
                        <h3 class="kern-title">
                          <a class="kern-link" href={`/fortbildung/kurse/${encodeURIComponent(course.id)}`}>
                            {course.title}
                          </a>
                        </h3>
                      </div>
                      <div class="kern-card__body">
                        <p class="kern-body">{course.description}</p>
                        <p class="kern-body kern-body--small">
                          Etwa {course.estimatedMinutes} Minuten · {course.lessonCount} Lektionen · Quiz mit {course.questionCount} Fragen
                          {course.owner !== 'county' && ' · Kurs Ihrer Verwaltung'}
                        </p>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
