import { useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client.ts';
import { useResource } from '../../api/resource.ts';
import { courses, publishCourseFiles, type PublishedCourse } from '../../api/training-admin.ts';
import { useSession } from '../../auth/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { FileField } from '../../components/file-field.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { recertification } from '../../labels.ts';
import { unzipText, ZipError } from '../../zip.ts';

interface Problem {
  field: string;
  message: string;
}

/**
 * The tenant's own courses: the list, and publishing one as a ZIP of its course folder (course.yaml, quiz.yaml,
 * lessons/*.md — the format of the county's courses). The server checks it like `npm run content:check`; every problem
 * is shown with its file and line. Publishing an existing id makes the next version; learners keep theirs.
 */
export default function OwnCourses() {
  const current = useSession();
  const tenantId = current.status === 'anonymous' ? '' : current.user.tenantId;
  const catalogue = useResource(courses);
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Problem[]>();
  const [published, setPublished] = useState<PublishedCourse>();
  const [busy, setBusy] = useState(false);
  const own = (catalogue.data ?? []).filter((course) => course.owner === tenantId);

  const submit = async (event: Event) => {
    event.preventDefault();
    setProblems(undefined);
    setPublished(undefined);
    if (!file) return setError('Bitte wählen Sie die ZIP-Datei des Kursordners aus.');
    setBusy(true);
    try {
      const files = await unzipText(await file.arrayBuffer());
      setError(undefined);
      setPublished(await publishCourseFiles(Object.fromEntries(files)));
      catalogue.reload();
    } catch (problem) {
      if (problem instanceof ZipError) setError(problem.message);
      else if (problem instanceof ApiProblem && problem.status === 422) {
        setError(problem.detail);
        setProblems([...problem.errors]);
      } else setError((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Eigene Kurse" lead="Veröffentlichen Sie Kurse Ihrer Verwaltung im selben Format wie die Kurse des Kreises.">
      {catalogue.error !== undefined && <ProblemMessage error={catalogue.error} />}
      {!catalogue.data && catalogue.error === undefined && <Loading />}
      {catalogue.data && own.length === 0 && <p class="kern-body">Ihre Verwaltung hat noch keine eigenen Kurse veröffentlicht.</p>}
      {own.length > 0 && (
        <DataTable
          caption="Kurse Ihrer Verwaltung"
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Titel</th>
              <th scope="col" class="kern-table__header">Kurs-ID</th>
              <th scope="col" class="kern-table__header kern-table__header--numeric">Version</th>
              <th scope="col" class="kern-table__header kern-table__header--numeric">Lektionen</th>
              <th scope="col" class="kern-table__header kern-table__header--numeric">Fragen</th>
              <th scope="col" class="kern-table__header">Wiederholung</th>
            </tr>
          }
        >
          {own.map((course) => (
            <tr class="kern-table__row" key={course.id}>
              <th scope="row" class="kern-table__header">{course.title}</th>
              <td class="kern-table__cell">{course.id}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{course.version}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{course.lessonCount}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{course.questionCount}</td>
              <td class="kern-table__cell">{recertification(course.validityMonths)}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <section aria-labelledby="upload-title" class="ok-stack">
        <h2 class="kern-heading-medium" id="upload-title">
          Kurs veröffentlichen
        </h2>
        <p class="kern-body ok-lead">
          Ein Kursordner enthält <code>course.yaml</code> (Titel, Zielgruppe, Bestehensgrenze, Versuche, Gültigkeit, Lektionen), <code>quiz.yaml</code> (mindestens 8 Fragen) und die
          Lektionen als Markdown in <code>lessons/</code>. Komprimieren Sie den Ordner zu einer ZIP-Datei (Windows: Rechtsklick → „Senden an“ → „ZIP-komprimierter Ordner“).
        </p>
        <ErrorSummary errors={error ? { file: error } : {}} fieldId={() => 'course-zip'} />
        <form class="ok-stack ok-narrow" onSubmit={submit} noValidate>
          <FileField id="course-zip" label="Kursordner als ZIP-Datei" accept=".zip,application/zip" hint="Höchstens 40 Dateien; Texte in UTF-8." error={error} onChange={setFile} />
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
            <span class="kern-label">{busy ? 'Wird geprüft …' : 'Prüfen und veröffentlichen'}</span>
          </button>
        </form>
        {problems && problems.length > 0 && (
          <DataTable
            caption="Gefundene Fehler (Datei:Zeile)"
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">Datei:Zeile</th>
                <th scope="col" class="kern-table__header">Problem</th>
              </tr>
            }
          >
            {problems.map((problem, index) => (
              <tr class="kern-table__row" key={`${problem.field}-${index}`}>
                <th scope="row" class="kern-table__header">
                  <code>{problem.field}</code>
                </th>
                <td class="kern-table__cell">{problem.message}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {published && (
          <Alert kind="success" title={`„${published.title}“ ist veröffentlicht (Version ${published.version})`} live>
            <p class="kern-body">
              {published.lessonCount} Lektionen, {published.questionCount} Fragen. Weisen Sie den Kurs über eine <a class="kern-link" href="/verwaltung/fortbildung">Regel</a> zu, um ihn verpflichtend zu machen.
            </p>
            {published.warnings && (
              <>
                <p class="kern-body">Hinweise:</p>
                <ul class="kern-list">
                  {published.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        )}
      </section>
    </Page>
  );
}
