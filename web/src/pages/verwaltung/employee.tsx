import * as z from '#core/zod';
import { grantAttemptsSchema } from '#functions/training/enrolments/schemas';
import { useState } from 'preact/hooks';
import { errorsByField } from '../../api/client.ts';
import { useResource } from '../../api/resource.ts';
import { courses, employee, grantAttempts, setParticipation } from '../../api/training-admin.ts';
import { Confirm } from '../../components/confirm.tsx';
import { Badge, DataTable } from '../../components/data-table.tsx';
import { SelectField, TextArea } from '../../components/fields.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { COURSE_STATUS, employeeStatus } from '../../labels.ts';

/** One employee: their assigned courses, further quiz attempts for an open one, deactivation and reactivation. */
export default function Employee({ id }: { id: string }) {
  const person = useResource(() => employee(id), [id]);
  const catalogue = useResource(courses);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [grant, setGrant] = useState({ courseId: '', additional: '1', reason: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const title = (courseId: string) => catalogue.data?.find((course) => course.id === courseId)?.title ?? courseId;

  if (person.error !== undefined && !person.data) return <Page title="Beschäftigte Person"><ProblemMessage error={person.error} /></Page>;
  if (!person.data) return <Page title="Beschäftigte Person"><Loading /></Page>;
  const view = person.data;
  const [label, kind] = employeeStatus(view);
  const active = view.deactivatedAt === undefined;
  const open = view.compliance.courses.filter((course) => course.status !== 'done');

  const changeParticipation = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      person.set(await setParticipation(id, !active));
      setNotice(active ? `${view.name} ist deaktiviert und zählt in keinem Bericht mehr.` : `${view.name} ist wieder aktiv.`);
      setConfirming(false);
    } catch (problem) {
      setFailure(problem);
    } finally {
      setBusy(false);
    }
  };

  const submitGrant = async (event: Event) => {
    event.preventDefault();
    setNotice(undefined);
    const parsed = z.safeParse(grantAttemptsSchema, { additional: Number(grant.additional), reason: grant.reason });
    const local = { ...(grant.courseId ? {} : { courseId: 'Bitte wählen Sie den Kurs.' }), ...(parsed.success ? {} : fieldErrors(parsed.error)) };
    setErrors(local);
    if (Object.keys(local).length > 0 || !parsed.success) return;
    setBusy(true);
    try {
      await grantAttempts(id, grant.courseId, parsed.data);
      setNotice(`${parsed.data.additional} zusätzliche${parsed.data.additional === 1 ? 'r Versuch' : ' Versuche'} für „${title(grant.courseId)}“ gewährt.`);
      setGrant({ courseId: '', additional: '1', reason: '' });
      person.reload();
    } catch (problem) {
      const byField = errorsByField(problem);
      setErrors(Object.keys(byField).length > 0 ? byField : { courseId: (problem as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={view.name}>
      {notice && (
        <Alert kind="success" title="Gespeichert" live>
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      {failure !== undefined && <ProblemMessage error={failure} />}
      <dl class="kern-description-list">
        {(
          [
            ['Status', <Badge kind={kind}>{label}</Badge>],
            ['E-Mail', view.email],
            ['Abteilung', view.department],
            ['Rolle', view.jobRole],
            ['Eintrittsdatum', formatDate(view.startDate)],
            ...(view.deactivatedAt ? [['Deaktiviert am', formatDateTime(view.deactivatedAt)] as const] : []),
          ] as const
        ).map(([key, value]) => (
          <div class="kern-description-list-item" key={key}>
            <dt class="kern-description-list-item__key">{key}</dt>
            <dd class="kern-description-list-item__value">{value}</dd>
          </div>
        ))}
      </dl>

      <h2 class="kern-heading-medium">Pflichtschulungen</h2>
      {!active ? (
        <p class="kern-body">Während die Person deaktiviert ist, zählen ihre Schulungen in keinem Bericht; sie erhält keine Erinnerungen und keine neuen Zuweisungen.</p>
      ) : view.compliance.courses.length === 0 ? (
        <p class="kern-body">Dieser Person ist keine Schulung zugewiesen.</p>
      ) : (
        <DataTable
          caption="Zugewiesene Kurse"
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Kurs</th>
              <th scope="col" class="kern-table__header">Status</th>
              <th scope="col" class="kern-table__header">Frist</th>
              <th scope="col" class="kern-table__header">Gewährte Versuche</th>
            </tr>
          }
        >
          {view.compliance.courses.map((course) => {
            const [status, badge] = COURSE_STATUS[course.status];
            return (
              <tr class="kern-table__row" key={course.courseId}>
                <th scope="row" class="kern-table__header">{title(course.courseId)}</th>
                <td class="kern-table__cell">
                  <Badge kind={badge}>{status}</Badge>
                </td>
                <td class="kern-table__cell">{course.dueDate ? formatDate(course.dueDate) : '–'}</td>
                <td class="kern-table__cell">
                  {(course.attemptGrants ?? []).map((entry) => `${entry.additional} am ${formatDate(entry.grantedAt)} („${entry.reason}“)`).join('; ') || '–'}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}

      {active && open.length > 0 && (
        <section aria-labelledby="grant-title" class="ok-stack ok-narrow">
          <h2 class="kern-heading-medium" id="grant-title">
            Weitere Quizversuche gewähren
          </h2>
          <p class="kern-body">Wer alle Versuche eines zugewiesenen Kurses aufgebraucht hat, kann von Ihnen weitere erhalten. Die Gewährung wird mit Begründung festgehalten.</p>
          <ErrorSummary errors={errors} fieldId={(field) => fieldIdOf(`grant-${field}`)} />
          <form class="ok-stack" onSubmit={submitGrant} noValidate>
            <SelectField
              id={fieldIdOf('grant-courseId')}
              label="Kurs"
              value={grant.courseId}
              onInput={(value) => setGrant({ ...grant, courseId: value })}
              choices={open.map((course) => ({ value: course.courseId, label: title(course.courseId) }))}
              error={errors.courseId}
            />
            <SelectField
              id={fieldIdOf('grant-additional')}
              label="Zusätzliche Versuche"
              placeholder="Anzahl wählen"
              value={grant.additional}
              onInput={(value) => setGrant({ ...grant, additional: value })}
              choices={[1, 2, 3, 4, 5].map((count) => ({ value: String(count), label: String(count) }))}
              error={errors.additional}
            />
            <TextArea id={fieldIdOf('grant-reason')} label="Begründung" hint="Mindestens 5 Zeichen, z. B. „Nach Rücksprache wiederholt“." value={grant.reason} onInput={(value) => setGrant({ ...grant, reason: value })} error={errors.reason} rows={3} />
            <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
              <span class="kern-label">Versuche gewähren</span>
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="participation-title" class="ok-stack ok-narrow">
        <h2 class="kern-heading-medium" id="participation-title">
          Teilnahme an der Fortbildung
        </h2>
        {confirming ? (
          <Confirm
            title={active ? `${view.name} deaktivieren?` : `${view.name} wieder aktivieren?`}
            confirmLabel={active ? 'Ja, deaktivieren' : 'Ja, wieder aktivieren'}
            busy={busy}
            onConfirm={changeParticipation}
            onCancel={() => setConfirming(false)}
          >
            <p class="kern-body">
              {active
                ? 'Die Person zählt dann in keinem Bericht mehr, erhält keine Erinnerungen und keine neuen Zuweisungen und kann nicht mehr lernen. Ihre Nachweise und ihr Verlauf bleiben erhalten.'
                : 'Ihre Schulungen zählen dann wieder mit dem Stand von heute; eine abgelaufene Frist ist sofort überfällig. Die Zuweisungsregeln gelten wieder für sie.'}
            </p>
          </Confirm>
        ) : (
          <>
            <p class="kern-body">
              {active ? 'Hat die Person die Verwaltung verlassen oder ist sie lange abwesend, deaktivieren Sie sie hier.' : 'Die Person ist deaktiviert.'}
            </p>
            <button class="kern-btn kern-btn--secondary" type="button" onClick={() => setConfirming(true)}>
              <span class="kern-label">{active ? 'Deaktivieren' : 'Wieder aktivieren'}</span>
            </button>
          </>
        )}
      </section>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/beschaeftigte">
          Zurück zur Liste
        </a>
      </p>
    </Page>
  );
}
