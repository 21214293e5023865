import { useEffect, useRef, useState } from 'preact/hooks';
import { myCourse, type MyCourse } from '../../api/training.ts';
import { Alert, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { renderLesson } from '../../training/markdown.ts';
import { markRead, usePendingLessons, useReadQueue } from '../../training/read-queue.ts';
import { Badge } from './parts.tsx';

/** The lesson's Markdown, rendered and sanitised (`training/markdown.ts`) and appended as nodes — never as innerHTML. */
function LessonBody({ markdown }: { markdown: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    container.current?.replaceChildren(renderLesson(markdown));
  }, [markdown]);
  return <div class="ok-lesson ok-stack" ref={container} />;
}

type Saved = 'recorded' | 'queued' | undefined;

/** The lesson reader: the text, "Als gelesen markieren" (kept and sent later when offline), previous and next. */
export default function LessonPage({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const [view, setView] = useState<MyCourse>();
  const [error, setError] = useState<unknown>();
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState<Saved>();
  const [busy, setBusy] = useState(false);
  const pending = usePendingLessons(courseId);
  const reload = (fresh = false) => myCourse(courseId, fresh).then(setView, setError);
  useEffect(() => {
    setSaved(undefined);
    setSaveError(undefined);
    void reload();
  }, [courseId, lessonId]);
  useReadQueue(() => void reload(true));

  const base = `/fortbildung/kurse/${encodeURIComponent(courseId)}`;
  if (error !== undefined || !view) {
    return (
      <Page title="Lektion">
        {error !== undefined ? <ProblemMessage error={error} /> : <Loading />}
        <p class="kern-body">
          <a class="kern-link" href={base}>
            Zum Kurs
          </a>
        </p>
      </Page>
    );
  }
  const { course, enrolment } = view;
  const index = course.lessons.findIndex((lesson) => lesson.id === lessonId);
  const lesson = course.lessons[index];
  if (!lesson) {
    return (
      <Page title="Lektion nicht gefunden">
        <p class="kern-body">
          Diese Lektion gehört nicht zu Ihrem Kurs „{course.title}“. <a class="kern-link" href={base}>Zum Kurs</a>
        </p>
      </Page>
    );
  }
  const previous = course.lessons[index - 1];
  const next = course.lessons[index + 1];
  const open = enrolment !== undefined && (enrolment.status === 'due' || enrolment.status === 'overdue');
  const isRead = enrolment?.progress.lessonIdsRead.includes(lesson.id) === true || saved === 'recorded';
  const isPending = !isRead && (pending.has(lesson.id) || saved === 'queued');

  const mark = async () => {
    setBusy(true);
    setSaveError(undefined);
    try {
      const outcome = await markRead(courseId, lesson.id);
      setSaved(outcome.state);
      if (outcome.state === 'recorded') void reload(true);
    } catch (problem) {
      setSaveError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={lesson.title}>
      <p class="kern-body kern-body--small">
        Lektion {index + 1} von {course.lessons.length} im Kurs <a class="kern-link" href={base}>{course.title}</a>
      </p>
      <LessonBody markdown={lesson.body} />

      <section aria-labelledby="lesestand" class="ok-stack">
        <h2 class="kern-heading-small" id="lesestand">
          Ihr Lesestand
        </h2>
        <div role="status" class="ok-stack">
          {isRead && (
            <p class="kern-body">
              <Badge kind="success">Gelesen</Badge> Diese Lektion ist als gelesen gespeichert.
            </p>
          )}
          {isPending && (
            <Alert kind="warning" title="Gelesen – wird übertragen, sobald Sie wieder online sind">
              <p class="kern-body">Gerade besteht keine Verbindung. Ihr Lesestand ist auf diesem Gerät gespeichert und wird automatisch übertragen. Sie können weiterlesen.</p>
            </Alert>
          )}
        </div>
        {saveError !== undefined && <ProblemMessage error={saveError} />}
        {!enrolment && (
          <p class="kern-body">
            Um Ihren Lesestand zu speichern, <a class="kern-link" href={base}>melden Sie sich zum Kurs an</a>.
          </p>
        )}
        {open && !isRead && !isPending && (
          <button type="button" class="kern-btn kern-btn--primary" onClick={mark} disabled={busy}>
            <span class="kern-label">Als gelesen markieren</span>
          </button>
        )}
      </section>

      <nav aria-label="Lektionen blättern" class="ok-actions">
        {previous && (
          <a class="kern-btn kern-btn--secondary" href={`${base}/lektionen/${encodeURIComponent(previous.id)}`}>
            <span class="kern-label">Vorherige Lektion: {previous.title}</span>
          </a>
        )}
        {next ? (
          <a class="kern-btn kern-btn--secondary" href={`${base}/lektionen/${encodeURIComponent(next.id)}`}>
            <span class="kern-label">Nächste Lektion: {next.title}</span>
          </a>
        ) : (
          <a class="kern-btn kern-btn--secondary" href={course.questions.length > 0 && open ? `${base}/quiz` : base}>
            <span class="kern-label">{course.questions.length > 0 && open ? 'Weiter zum Quiz' : 'Zurück zum Kurs'}</span>
          </a>
        )}
      </nav>
    </Page>
  );
}
