import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, errorsByField } from '../../api/client.ts';
import { myCourse, startAttempt, submitAttempt, type Attempt, type MyCourse, type Question, type QuizAnswers, type Submission } from '../../api/training.ts';
import { Alert, ErrorSummary, fieldIdOf, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { CheckboxGroup, RadioGroup } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { attemptsLeft, Badge, CertificateActions } from './parts.tsx';

/**
 * The quiz, all questions on one page: an attempt is scored as a whole and counts once it is started, so the learner
 * sees every question, can go back and change any answer, and submits once; each question is a fieldset with its
 * legend (single choice: radios, multiple choice: checkboxes). The browser receives no answer key: the questions
 * come without it, and right or wrong comes only with the result of the submission.
 */
const fieldOf = (questionId: string) => `answers/${questionId}`;

function QuestionField({ question, number, total, values, error, onInput }: { question: Question; number: number; total: number; values: string[]; error?: string | undefined; onInput: (values: string[]) => void }) {
  const id = fieldIdOf(fieldOf(question.id));
  const label = (
    <>
      Frage {number} von {total}: {question.text}
    </>
  );
  const choices = question.options.map((option) => ({ value: option.id, label: option.text }));
  return question.type === 'single' ? (
    <RadioGroup id={id} label={label} hint="Eine Antwort ist richtig." error={error} value={values[0] ?? ''} onInput={(value) => onInput([value])} choices={choices} />
  ) : (
    <CheckboxGroup id={id} label={label} hint="Mehrere Antworten können richtig sein. Wählen Sie alle richtigen." error={error} values={values} onInput={onInput} choices={choices} />
  );
}

function Result({ submission, attempt, course, onRetry, busy }: { submission: Submission; attempt: Attempt; course: MyCourse['course']; onRetry: () => void; busy: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const base = `/fortbildung/kurse/${encodeURIComponent(course.id)}`;
  const correct = submission.results.filter((result) => result.correct).length;
  const left = Math.max(0, (submission.attemptsAllowed ?? attempt.attemptsAllowed) - submission.attemptsUsed);
  const questions = new Map(attempt.questions.map((question) => [question.id, question]));
  return (
    <section aria-labelledby="ergebnis" class="ok-stack">
      <h2 class="kern-heading-medium" id="ergebnis" tabIndex={-1} ref={heading}>
        Ihr Ergebnis: {submission.passed ? 'bestanden' : 'nicht bestanden'}
      </h2>
      <Alert kind={submission.passed ? 'success' : 'warning'} title={submission.passed ? 'Quiz bestanden' : 'Quiz nicht bestanden'}>
        <p class="kern-body">
          Sie haben {correct} von {submission.results.length} Fragen richtig beantwortet ({submission.scorePercent} %). Zum Bestehen sind {submission.passMark} % nötig.
        </p>
      </Alert>
      {submission.passed && submission.certificate && (
        <div class="ok-stack">
          <p class="kern-body">Sie haben den Kurs abgeschlossen. Ihr Nachweis ist ausgestellt.</p>
          <CertificateActions certificateId={submission.certificate.certificateId} />
        </div>
      )}
      {submission.passed && !submission.certificate && submission.enrolment.status !== 'done' && (
        <p class="kern-body">
          Um den Kurs abzuschließen, lesen Sie noch alle Lektionen: <a class="kern-link" href={base}>Zum Kurs</a>
        </p>
      )}
      {!submission.passed &&
        (left > 0 ? (
          <div class="ok-stack">
            <p class="kern-body">
              Sie haben noch {left} {left === 1 ? 'Versuch' : 'Versuche'}. Lesen Sie die Erklärungen und die passenden Lektionen, bevor Sie es erneut versuchen.
            </p>
            <button type="button" class="kern-btn kern-btn--primary" onClick={onRetry} disabled={busy}>
              <span class="kern-label">Neuen Versuch starten</span>
            </button>
          </div>
        ) : (
          <p class="kern-body">Sie haben alle Versuche genutzt. Bitte wenden Sie sich an die Fortbildungsverwaltung Ihrer Behörde; sie kann Ihnen weitere Versuche geben.</p>
        ))}
      <h3 class="kern-heading-small">Ihre Antworten</h3>
      <ol class="kern-list ok-stack">
        {submission.results.map((result, index) => {
          const question = questions.get(result.questionId);
          return (
            <li key={result.questionId}>
              <p class="kern-body">
                <strong>
                  Frage {index + 1}: {question?.text ?? result.questionId}
                </strong>{' '}
                {result.correct ? <Badge kind="success">Richtig</Badge> : <Badge kind="danger">Nicht richtig</Badge>}
              </p>
              {result.explanation && <p class="kern-body">Erklärung: {result.explanation}</p>}
            </li>
          );
        })}
      </ol>
      <p class="kern-body">
        <a class="kern-link" href={base}>
          Zurück zum Kurs
        </a>
      </p>
    </section>
  );
}

export default function QuizPage({ courseId }: { courseId: string }) {
  const [view, setView] = useState<MyCourse>();
  const [loadError, setLoadError] = useState<unknown>();
  const [attempt, setAttempt] = useState<Attempt>();
  const [answers, setAnswers] = useState<QuizAnswers>({});
  const [submission, setSubmission] = useState<Submission>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLHeadingElement>(null);
  useEffect(() => void myCourse(courseId).then(setView, setLoadError), [courseId]);

  const base = `/fortbildung/kurse/${encodeURIComponent(courseId)}`;
  if (loadError !== undefined || !view) {
    return (
      <Page title="Quiz">
        {loadError !== undefined ? <ProblemMessage error={loadError} /> : <Loading />}
      </Page>
    );
  }
  const { course, enrolment } = view;

  const start = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await startAttempt(courseId);
      setAnswers({});
      setSubmission(undefined);
      setAttempt(started);
      requestAnimationFrame(() => form.current?.focus());
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!attempt) return;
    setBusy(true);
    setProblem(undefined);
    try {
      setSubmission(await submitAttempt(courseId, attempt.attempt, answers));
    } catch (error) {
      // Unanswered questions come back per question (the server's messages); nothing is counted, the answers stay.
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = errorsByField(problem);
  const numberOf = new Map(attempt?.questions.map((question, index) => [fieldOf(question.id), index + 1]));
  const summary = Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [field, numberOf.has(field) ? `Frage ${numberOf.get(field)}: ${message}` : message]));
  const general = problem !== undefined && (!(problem instanceof ApiProblem) || Object.keys(fieldErrors).length === 0);

  return (
    <Page title={`Quiz: ${course.title}`}>
      {submission && attempt ? (
        <Result submission={submission} attempt={attempt} course={course} onRetry={start} busy={busy} />
      ) : attempt ? (
        <form class="ok-stack" onSubmit={submit} noValidate>
          <h2 class="kern-heading-medium" tabIndex={-1} ref={form}>
            Versuch {attempt.attempt} von {attempt.attemptsAllowed}
          </h2>
          <p class="kern-body">
            Beantworten Sie alle {attempt.questions.length} Fragen. Sie können Ihre Antworten bis zum Absenden ändern. Bestanden ist das Quiz ab {course.passMark} %.
          </p>
          <ErrorSummary errors={summary} fieldId={fieldIdOf} />
          {general && <ProblemMessage error={problem} />}
          {attempt.questions.map((question, index) => (
            <QuestionField
              key={question.id}
              question={question}
              number={index + 1}
              total={attempt.questions.length}
              values={answers[question.id] ?? []}
              error={fieldErrors[fieldOf(question.id)]}
              onInput={(values) => setAnswers((current) => ({ ...current, [question.id]: values }))}
            />
          ))}
          <div class="ok-actions">
            <button type="submit" class="kern-btn kern-btn--primary" disabled={busy}>
              <span class="kern-label">Antworten absenden</span>
            </button>
          </div>
        </form>
      ) : (
        <section class="ok-stack" aria-label="Vor dem Start">
          <p class="kern-body">
            Das Quiz hat {course.questions.length} Fragen; bestanden ist es ab {course.passMark} %. Alle Fragen stehen auf einer Seite, und Sie senden sie zusammen ab.
          </p>
          {enrolment ? (
            <p class="kern-body">
              Sie haben noch {attemptsLeft(view)} von {view.attemptsAllowed} Versuchen. Ein Versuch zählt, sobald Sie ihn beginnen; ein begonnener Versuch wird fortgesetzt.
            </p>
          ) : (
            <p class="kern-body">
              Bitte <a class="kern-link" href={base}>melden Sie sich zuerst zum Kurs an</a>.
            </p>
          )}
          {problem !== undefined && <ProblemMessage error={problem} />}
          {enrolment && (
            <button type="button" class="kern-btn kern-btn--primary" onClick={start} disabled={busy}>
              <span class="kern-label">Quiz beginnen</span>
            </button>
          )}
          <p class="kern-body">
            <a class="kern-link" href={base}>
              Zurück zum Kurs
            </a>
          </p>
        </section>
      )}
    </Page>
  );
}
