import * as z from '#core/zod';
import { createRuleSchema } from '#functions/training/rules/domain';
import { useState } from 'preact/hooks';
import { errorsByField } from '../../api/client.ts';
import { useResource } from '../../api/resource.ts';
import { courses, createRule, deleteRule, rules, type AssignmentRule } from '../../api/training-admin.ts';
import { Confirm } from '../../components/confirm.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { RadioGroup, SelectField, TextField } from '../../components/fields.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { recertification } from '../../labels.ts';

const RELATIVE_TO = { assignment: 'ab Zuweisung', 'start-date': 'ab Eintrittsdatum' } as const;

function group(rule: Pick<AssignmentRule, 'department' | 'jobRole'>): string {
  const parts = [rule.department ? `Abteilung „${rule.department}“` : '', rule.jobRole ? `Rolle „${rule.jobRole}“` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' und ') : 'alle Beschäftigten';
}

/**
 * Assignment rules: which course is mandatory for whom, due how many days after the assignment or the start date. The
 * repetition (recertification) is the course's own validity; the page names it for every rule.
 */
export default function Rules() {
  const list = useResource(rules);
  const catalogue = useResource(courses);
  const [form, setForm] = useState({ courseId: '', department: '', jobRole: '', dueDays: '30', relativeTo: 'assignment' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<AssignmentRule>();
  const [failure, setFailure] = useState<unknown>();

  const course = (id: string) => catalogue.data?.find((entry) => entry.id === id);
  const chosen = course(form.courseId);

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice(undefined);
    const input = {
      courseId: form.courseId,
      ...(form.department.trim() ? { department: form.department } : {}),
      ...(form.jobRole.trim() ? { jobRole: form.jobRole } : {}),
      dueDays: form.dueDays.trim() === '' ? Number.NaN : Number(form.dueDays),
      relativeTo: form.relativeTo,
    };
    const parsed = z.safeParse(createRuleSchema, input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      const result = await createRule(parsed.data);
      setNotice(`Regel gespeichert: ${result.matched} Beschäftigte gefunden, ${result.assigned} neu zugewiesen${result.alreadyAssigned > 0 ? `, ${result.alreadyAssigned} hatten den Kurs schon` : ''}.`);
      setForm({ ...form, department: '', jobRole: '' });
      list.reload();
    } catch (problem) {
      const byField = errorsByField(problem);
      setErrors(Object.keys(byField).length > 0 ? byField : { courseId: (problem as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await deleteRule(deleting.ruleId);
      setNotice('Die Regel wurde gelöscht. Bereits zugewiesene Schulungen bleiben bestehen.');
      setDeleting(undefined);
      list.reload();
    } catch (problem) {
      setFailure(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Pflichtschulungen zuweisen" lead="Eine Regel macht einen Kurs für eine Abteilung, eine Rolle oder alle Beschäftigten verpflichtend – für alle, die heute da sind, und für alle, die später importiert werden.">
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/fortbildung/kurse">
          Eigene Kurse veröffentlichen
        </a>
      </p>
      {notice && (
        <Alert kind="success" title="Gespeichert" live>
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      {failure !== undefined && <ProblemMessage error={failure} />}
      {list.error !== undefined && <ProblemMessage error={list.error} />}
      {!list.data && list.error === undefined && <Loading />}
      {list.data && list.data.length === 0 && <p class="kern-body">Es gibt noch keine Regeln.</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          caption="Zuweisungsregeln"
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Kurs</th>
              <th scope="col" class="kern-table__header">Für</th>
              <th scope="col" class="kern-table__header">Frist</th>
              <th scope="col" class="kern-table__header">Wiederholung</th>
              <th scope="col" class="kern-table__header kern-table__header--action">Aktion</th>
            </tr>
          }
        >
          {list.data.map((rule) => (
            <tr class="kern-table__row" key={rule.ruleId}>
              <th scope="row" class="kern-table__header">{course(rule.courseId)?.title ?? rule.courseId}</th>
              <td class="kern-table__cell">{group(rule)}</td>
              <td class="kern-table__cell">
                {rule.dueDays} Tage {RELATIVE_TO[rule.relativeTo]}
              </td>
              <td class="kern-table__cell">{course(rule.courseId) ? recertification(course(rule.courseId)!.validityMonths) : '–'}</td>
              <td class="kern-table__cell kern-table__cell--action">
                <button class="kern-btn kern-btn--tertiary kern-btn--x-small" type="button" aria-label={`Löschen: ${course(rule.courseId)?.title ?? rule.courseId}, ${group(rule)}`} onClick={() => setDeleting(rule)}>
                  <span class="kern-label">Löschen</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {deleting && (
        <Confirm title="Regel löschen?" confirmLabel="Ja, löschen" busy={busy} onConfirm={remove} onCancel={() => setDeleting(undefined)}>
          <p class="kern-body">
            „{course(deleting.courseId)?.title ?? deleting.courseId}“ für {group(deleting)}: Neue Beschäftigte erhalten den Kurs nicht mehr. Wem er schon zugewiesen ist, der behält ihn mit seiner Frist.
          </p>
        </Confirm>
      )}

      <section aria-labelledby="new-rule" class="ok-stack ok-narrow">
        <h2 class="kern-heading-medium" id="new-rule">
          Neue Regel
        </h2>
        <ErrorSummary errors={errors} fieldId={(field) => fieldIdOf(`rule-${field}`)} />
        <form class="ok-stack" onSubmit={submit} noValidate>
          <SelectField
            id={fieldIdOf('rule-courseId')}
            label="Kurs"
            value={form.courseId}
            onInput={(value) => setForm({ ...form, courseId: value })}
            choices={(catalogue.data ?? []).map((entry) => ({ value: entry.id, label: entry.title }))}
            hint={chosen ? `Wiederholung: ${recertification(chosen.validityMonths)} – so legt es der Kurs fest; die Auffrischung wird rechtzeitig neu zugewiesen.` : undefined}
            error={errors.courseId}
          />
          <TextField id={fieldIdOf('rule-department')} label="Abteilung" optional hint="Leer lassen für alle Abteilungen." value={form.department} onInput={(value) => setForm({ ...form, department: value })} error={errors.department} />
          <TextField id={fieldIdOf('rule-jobRole')} label="Rolle" optional hint="Leer lassen für alle Rollen. Mit Abteilung: beides muss passen." value={form.jobRole} onInput={(value) => setForm({ ...form, jobRole: value })} error={errors.jobRole} />
          <TextField id={fieldIdOf('rule-dueDays')} label="Frist in Tagen" hint="1 bis 365" inputMode="numeric" width={4} value={form.dueDays} onInput={(value) => setForm({ ...form, dueDays: value })} error={errors.dueDays} />
          <RadioGroup
            id={fieldIdOf('rule-relativeTo')}
            label="Die Frist zählt"
            value={form.relativeTo}
            onInput={(value) => setForm({ ...form, relativeTo: value })}
            choices={[
              { value: 'assignment', label: 'ab der Zuweisung', hint: 'Für alle, die schon da sind: Frist ab heute.' },
              { value: 'start-date', label: 'ab dem Eintrittsdatum', hint: 'Für neue Beschäftigte; liegt der Eintritt zurück, ab heute.' },
            ]}
            error={errors.relativeTo}
          />
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
            <span class="kern-label">Regel speichern und zuweisen</span>
          </button>
        </form>
      </section>
    </Page>
  );
}
