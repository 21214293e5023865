import { describe, expect, it } from 'vitest';
import { addMonths, berlinDate, daysBetween, monthsBetween } from '../../../../functions/core/dates.ts';
import {
  assignmentDecision,
  expiryDue,
  learnerState,
  newestFirst,
  recertificationDue,
  reminderDue,
  requirementsMet,
  validUntilFor,
} from '../../../../functions/training/enrolments/domain.ts';
import { courseV1 } from './support.ts';

const TODAY = '2026-03-10';

describe('dates of the training module', () => {
  it('count calendar days in Germany', () => {
    expect(berlinDate(new Date('2026-03-09T23:30:00.000Z'))).toBe('2026-03-10');
    expect(daysBetween('2026-03-10', '2026-03-17')).toBe(7);
    expect(monthsBetween('2026-11-20', '2027-01-05')).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('add months, ending a short month on its last day', () => {
    expect(addMonths('2026-03-10', 12)).toBe('2027-03-10');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-03-10', -3)).toBe('2025-12-10');
  });
});

describe('assignmentDecision', () => {
  it('creates cycle 1 when there is none', () => {
    expect(assignmentDecision(undefined, TODAY)).toEqual({ action: 'create', cycle: 1 });
  });

  it('keeps an open cycle; one without due date takes the assignment\'s', () => {
    expect(assignmentDecision({ cycle: 1, status: 'assigned', dueDate: '2026-04-01' }, TODAY)).toEqual({ action: 'exists' });
    expect(assignmentDecision({ cycle: 1, status: 'in-progress' }, TODAY)).toEqual({ action: 'set-due-date' });
  });

  it('keeps a valid assigned completion (also one that never expires) and starts the next cycle after expiry', () => {
    expect(assignmentDecision({ cycle: 2, status: 'completed', validUntil: TODAY, ruleId: 'r' }, TODAY)).toEqual({ action: 'exists' });
    expect(assignmentDecision({ cycle: 2, status: 'completed', ruleId: 'r' }, TODAY)).toEqual({ action: 'exists' });
    expect(assignmentDecision({ cycle: 2, status: 'completed', validUntil: '2026-03-09', ruleId: 'r' }, TODAY)).toEqual({ action: 'create', cycle: 3 });
    expect(assignmentDecision({ cycle: 2, status: 'expired', validUntil: '2026-03-09' }, TODAY)).toEqual({ action: 'create', cycle: 3 });
  });

  it('lets a valid completion of one\'s own accord meet the assignment, and counts it from then on', () => {
    expect(assignmentDecision({ cycle: 1, status: 'completed', validUntil: TODAY }, TODAY)).toEqual({ action: 'mark-assigned' });
    expect(assignmentDecision({ cycle: 1, status: 'completed' }, TODAY)).toEqual({ action: 'mark-assigned' });
    expect(assignmentDecision({ cycle: 1, status: 'completed', validUntil: '2026-03-09' }, TODAY)).toEqual({ action: 'create', cycle: 2 });
  });
});

describe('requirementsMet', () => {
  const course = courseV1();
  it('needs every lesson of the version read and the quiz passed', () => {
    expect(requirementsMet({ lessonsRead: ['grundsaetze', 'rechte'], quizPassedAt: 'x' }, course)).toBe(true);
    expect(requirementsMet({ lessonsRead: ['grundsaetze'], quizPassedAt: 'x' }, course)).toBe(false);
    expect(requirementsMet({ lessonsRead: ['grundsaetze', 'rechte'] }, course)).toBe(false);
  });

  it('needs no quiz for a course without questions', () => {
    expect(requirementsMet({ lessonsRead: ['grundsaetze', 'rechte'] }, { ...course, questions: [] })).toBe(true);
  });
});

describe('validity and state', () => {
  it('is valid for the course\'s months from the completion day; 0 months does not expire', () => {
    expect(validUntilFor('2026-03-10', 12)).toBe('2027-03-10');
    expect(validUntilFor('2026-03-10', 0)).toBeUndefined();
  });

  it('shows done, due, overdue and expired', () => {
    expect(learnerState({ status: 'completed', validUntil: TODAY }, TODAY)).toBe('done');
    expect(learnerState({ status: 'completed', validUntil: '2026-03-09' }, TODAY)).toBe('expired');
    expect(learnerState({ status: 'expired' }, TODAY)).toBe('expired');
    expect(learnerState({ status: 'assigned', dueDate: TODAY }, TODAY)).toBe('due');
    expect(learnerState({ status: 'in-progress', dueDate: '2026-03-09' }, TODAY)).toBe('overdue');
    expect(learnerState({ status: 'in-progress' }, TODAY)).toBe('due');
  });

  it('lists newest first, later cycles before earlier ones', () => {
    const list = newestFirst([
      { courseId: 'a', cycle: 1, enrolledAt: '2025-01-01T00:00:00Z' },
      { courseId: 'b', cycle: 1, enrolledAt: '2026-01-01T00:00:00Z' },
      { courseId: 'a', cycle: 2, enrolledAt: '2026-02-01T00:00:00Z' },
    ]);
    expect(list.map((e) => `${e.courseId}${e.cycle}`)).toEqual(['a2', 'b1', 'a1']);
  });
});

describe('reminderDue', () => {
  const open = (dueDate: string, reminders = {}) => ({ status: 'assigned' as const, dueDate, reminders });

  it('picks the one reminder that fits today', () => {
    expect(reminderDue(open('2026-03-18'), TODAY)).toBeUndefined();
    expect(reminderDue(open('2026-03-17'), TODAY)).toBe('before');
    expect(reminderDue(open('2026-03-12'), TODAY)).toBe('before');
    expect(reminderDue(open(TODAY), TODAY)).toBe('due');
    expect(reminderDue(open('2026-03-09'), TODAY)).toBe('overdue');
  });

  it('sends each kind once, and none to a closed cycle or one without due date', () => {
    expect(reminderDue(open('2026-03-12', { before: 'x' }), TODAY)).toBeUndefined();
    expect(reminderDue(open(TODAY, { before: 'x' }), TODAY)).toBe('due');
    expect(reminderDue(open('2026-03-01', { overdue: 'x' }), TODAY)).toBeUndefined();
    expect(reminderDue({ status: 'completed', dueDate: '2026-03-01', reminders: {} }, TODAY)).toBeUndefined();
    expect(reminderDue({ status: 'in-progress', reminders: {} }, TODAY)).toBeUndefined();
  });
});

describe('recertification and expiry', () => {
  it('starts the next cycle of mandatory training within 30 days of the end of validity, once', () => {
    const mandatory = { status: 'completed' as const, ruleId: 'r1' };
    expect(recertificationDue({ ...mandatory, validUntil: '2026-04-10' }, TODAY)).toBe(false);
    expect(recertificationDue({ ...mandatory, validUntil: '2026-04-09' }, TODAY)).toBe(true);
    expect(recertificationDue({ ...mandatory, validUntil: '2026-04-09', nextCycle: 2 }, TODAY)).toBe(false);
    expect(recertificationDue(mandatory, TODAY)).toBe(false);
  });

  it('does not turn a course taken of one\'s own accord into an obligation', () => {
    expect(recertificationDue({ status: 'completed', validUntil: '2026-04-09' }, TODAY)).toBe(false);
  });

  it('expires a completed cycle the day after its last valid day', () => {
    expect(expiryDue({ status: 'completed', validUntil: TODAY }, TODAY)).toBe(false);
    expect(expiryDue({ status: 'completed', validUntil: '2026-03-09' }, TODAY)).toBe(true);
    expect(expiryDue({ status: 'expired', validUntil: '2026-03-09' }, TODAY)).toBe(false);
  });
});
