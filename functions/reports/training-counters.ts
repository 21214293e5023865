/**
 * What staff training counts for the KPIs and the open data, as pure functions (the enrolment store adds them to the
 * completion's own transaction; the backfill recounts them from the stored cycles):
 * - `train|<courseId>|completed`            completions, in the month completed — each completion issues exactly one
 *                                           certificate (`completeEnrolment`), so this is also "certificates issued"
 * - `train|<courseId>|completedMandatory`   of them, completions of an assigned (mandatory) course
 * Completion rate of mandatory courses and overdue staff are states, not events: they come from the training report
 * counters (`<t>#TRAINING-STATS`) and the daily snapshot (`<t>#TRAINING-HISTORY`), each one read.
 */
import type { EnrolmentRecord } from '#functions/training/enrolments/domain';
import type { CounterEvent } from './counter-values.ts';

export function completionEvents(enrolment: Pick<EnrolmentRecord, 'courseId' | 'ruleId'>, completedAt: string): CounterEvent[] {
  return [
    { name: ['train', enrolment.courseId, 'completed'], at: completedAt },
    ...(enrolment.ruleId !== undefined ? [{ name: ['train', enrolment.courseId, 'completedMandatory'], at: completedAt }] : []),
  ];
}

/** The events of a stored cycle: its completion, if it was completed (also when it has expired since). */
export function recountCycle(enrolment: Pick<EnrolmentRecord, 'courseId' | 'ruleId' | 'completedAt'>): CounterEvent[] {
  return enrolment.completedAt ? completionEvents(enrolment, enrolment.completedAt) : [];
}
