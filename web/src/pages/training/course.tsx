import { useEffect, useState } from 'preact/hooks';
import { enrol, myCourse, type MyCourse } from '../../api/training.ts';
import { Alert, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';
import { usePendingLessons, useReadQueue } from '../../training/read-queue.ts';
import { attemptsLeft, Badge, CertificateActions, deadlineText, LessonProgress, StatusBadge } from './parts.tsx';

const coursePath = (courseId: string) => `/fortbildung/kurse/${encodeURIComponent(courseId)}`;

/** The course page: goals, duration, lessons with their read state, progress, the quiz with the attempts left. */
export default function CoursePage({ courseId }: { courseId: string }) {
  const [view, setView] = useState<MyCourse>();
  const [error, setError] = useState<unknown>();
  const [enrolError, setEnrolError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const pending = usePendingLessons(courseId);
  const reload = (fresh = false) => myCourse(courseId, fresh).then(setView, setError);
  useEffect(() => void reload(), [courseId]);
  useReadQueue(() => void reload(true));

  if (error !== undefined) {
    return (
      <Page title="Kurs">
        <ProblemMessage error={error} />
        <p class="kern-body">
          <a class="kern-link" href="/fortbildung">
            Zu Meinen Fortbildungen
          </a>
        </p>
      </Page>
    );
  }
  if (!view) {
    return (
      <Page title="Kurs">
        <Loading />
      </Page>
    );
  }

  const { course, enrolment } = view;
  const open = enrolment !== undefined && (enrolment.status === 'due' || enrolment.status === 'overdue');
  const read = new Set(enrolment?.progress.lessonIdsRead ?? []);
  const nextLesson = course.lessons.find((lesson) => !read.has(lesson.id) && !pending.has(lesson.id)) ?? course.lessons[0]!;
  const left = attemptsLeft(view);
  const canEnrol = !enrolment || enrolment.status === 'expired';

  const enrolNow = async () => {
    setBusy(true);
    setEnrolError(undefined);
    try {
      await enrol(courseId);
      await reload(true);
    } catch (problem) {
      setEnrolError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={course.title} lead={course.description}>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Dauer</dt>
          <dd class="kern-description-list-item__value">etwa {course.estimatedMinutes} Minuten</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Inhalt</dt>
          <dd class="kern-description-list-item__value">
            {course.lessons.length} Lektionen und ein Quiz mit {course.questions.length} Fragen (bestanden ab {course.passMark} %)
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Gültigkeit des Nachweises</dt>
          <dd class="kern-description-list-item__value">{course.validityMonths === 0 ? 'unbegrenzt' : `${course.validityMonths} Monate, dann Auffrischung`}</dd>
        </div>
        {enrolment && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Ihr Stand</dt>
            <dd class="kern-description-list-item__value">
              <StatusBadge enrolment={enrolment} /> {enrolment.mandatory ? 'Pflichtschulung' : 'Freiwillig belegt'}
              {deadlineText(enrolment) && <> · {deadlineText(enrolment)}</>}
            </dd>
          </div>
        )}
      </dl>

      {canEnrol && (
        <section aria-labelledby="anmelden" class="ok-stack">
          <h2 class="kern-heading-medium" id="anmelden">
            {enrolment ? 'Erneut belegen' : 'Kurs belegen'}
          </h2>
          <p class="kern-body">Mit der Anmeldung speichern wir Ihren Fortschritt. Sie können jederzeit unterbrechen und später weitermachen.</p>
          {enrolError !== undefined && <ProblemMessage error={enrolError} />}
          <button type="button" class="kern-btn kern-btn--primary" onClick={enrolNow} disabled={busy}>
            <span class="kern-label">Zum Kurs anmelden</span>
          </button>
        </section>
      )}

      {open && enrolment && (
        <section aria-labelledby="fortschritt" class="ok-stack">
          <h2 class="kern-heading-medium" id="fortschritt">
            Ihr Fortschritt
          </h2>
          <LessonProgress id="kurs-fortschritt" read={read.size} total={course.lessons.length} />
          {pending.size > 0 && (
            <Alert kind="info" title="Noch nicht übertragen">
              <p class="kern-body">
                {pending.size === 1 ? 'Eine gelesene Lektion wird' : `${pending.size} gelesene Lektionen werden`} übertragen, sobald Sie wieder online sind.
              </p>
            </Alert>
          )}
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={`${coursePath(courseId)}/lektionen/${encodeURIComponent(nextLesson.id)}`}>
              <span class="kern-label">{read.size === 0 ? 'Mit der ersten Lektion beginnen' : 'Weiterlesen'}</span>
            </a>
          </p>
        </section>
      )}

      <section aria-labelledby="lektionen" class="ok-stack">
        <h2 class="kern-heading-medium" id="lektionen">
          Lektionen
        </h2>
        <ol class="kern-list kern-list--number">
          {course.lessons.map((lesson) => (
            <li key={lesson.id}>
              <a class="kern-link" href={`${coursePath(courseId)}/lektionen/${encodeURIComponent(lesson.id)}`}>
                {lesson.title}
              </a>{' '}
              {enrolment &&
                (read.has(lesson.id) ? (
                  <Badge kind="success">gelesen</Badge>
                ) : pending.has(lesson.id) ? (
                  <Badge kind="warning">gelesen, wird übertragen</Badge>
                ) : (
                  <span class="kern-body kern-body--small">(noch nicht gelesen)</span>
                ))}
            </li>
          ))}
        </ol>
      </section>

      {course.questions.length > 0 && (
        <section aria-labelledby="quiz" class="ok-stack">
          <h2 class="kern-heading-medium" id="quiz">
            Quiz
          </h2>
          {!enrolment && <p class="kern-body">Nach der Anmeldung können Sie das Quiz ablegen.</p>}
          {enrolment && enrolment.progress.quizPassed && (
            <p class="kern-body">
              <Badge kind="success">Bestanden</Badge> {enrolment.progress.bestScore !== undefined && `mit ${enrolment.progress.bestScore} %`}
            </p>
          )}
          {open && enrolment && !enrolment.progress.quizPassed && (
            <>
              <p class="kern-body">
                {course.questions.length} Fragen; bestanden ab {course.passMark} %. Sie haben noch {left} von {view.attemptsAllowed} Versuchen.
                {read.size < course.lessons.length && ' Lesen Sie am besten zuerst alle Lektionen.'}
              </p>
              {left > 0 ? (
                <p class="kern-body">
                  <a class="kern-btn kern-btn--secondary" href={`${coursePath(courseId)}/quiz`}>
                    <span class="kern-label">Zum Quiz</span>
                  </a>
                </p>
              ) : (
                <p class="kern-body">Sie haben alle Versuche genutzt. Bitte wenden Sie sich an die Fortbildungsverwaltung Ihrer Behörde; sie kann Ihnen weitere Versuche geben.</p>
              )}
            </>
          )}
        </section>
      )}

      {view.certificate && (
        <section aria-labelledby="nachweis" class="ok-stack">
          <h2 class="kern-heading-medium" id="nachweis">
            Ihr Nachweis
          </h2>
          <p class="kern-body">
            Abgeschlossen am {formatDate(view.certificate.completedAt)}
            {view.certificate.validUntil ? `, gültig bis ${formatDate(view.certificate.validUntil)}` : ', unbegrenzt gültig'}.
          </p>
          {view.certificate.status === 'valid' && <CertificateActions certificateId={view.certificate.certificateId} />}
        </section>
      )}

      <p class="kern-body">
        <a class="kern-link" href="/fortbildung">
          Zu Meinen Fortbildungen
        </a>
      </p>
    </Page>
  );
}
