import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, NetworkProblem } from '../api/client.ts';
import { markLessonRead, type LessonRead } from '../api/training.ts';
import { session } from '../auth/session.ts';

/**
 * "Als gelesen markieren" on a flaky connection: a mark that gets no answer is kept in `localStorage` and sent again
 * when the browser is back online and on the next load of a learning page — until the server has recorded it. The
 * route is idempotent (a lesson already read stays read, nothing else changes), so sending a mark twice — e.g. when
 * the first request arrived but its answer was lost — is harmless.
 *
 * Entries carry the user id (the token's `sub`) and course and lesson ids, nothing personal; only the signed-in user's
 * entries are sent (another person signing in on the same computer never sends someone else's progress).
 */
const STORAGE_KEY = 'openkreis.training.pending-reads';

export interface PendingRead {
  userId: string;
  courseId: string;
  lessonId: string;
  queuedAt: string;
}

export type MarkOutcome = { state: 'recorded'; read: LessonRead } | { state: 'queued' };

const listeners = new Set<() => void>();

function load(): PendingRead[] {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as PendingRead[]) : [];
  } catch {
    return [];
  }
}

function save(entries: PendingRead[]): void {
  if (entries.length === 0) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
  for (const listener of listeners) listener();
}

const same = (a: Omit<PendingRead, 'queuedAt'>, b: Omit<PendingRead, 'queuedAt'>) => a.userId === b.userId && a.courseId === b.courseId && a.lessonId === b.lessonId;

function currentUserId(): string | undefined {
  const current = session();
  return current.status === 'anonymous' ? undefined : current.user.userId;
}

/** The lessons of a course still waiting to be sent for the signed-in user. */
export function pendingLessons(courseId: string): Set<string> {
  const userId = currentUserId();
  return new Set(load().filter((entry) => entry.userId === userId && entry.courseId === courseId).map((entry) => entry.lessonId));
}

/** Marks a lesson read, or — without a connection — keeps the mark to send it later. Other problems are thrown. */
export async function markRead(courseId: string, lessonId: string): Promise<MarkOutcome> {
  const userId = currentUserId();
  try {
    const read = await markLessonRead(courseId, lessonId);
    if (userId) save(load().filter((entry) => !same(entry, { userId, courseId, lessonId })));
    return { state: 'recorded', read };
  } catch (error) {
    if (!(error instanceof NetworkProblem) || !userId) throw error;
    const entries = load();
    if (!entries.some((entry) => same(entry, { userId, courseId, lessonId }))) entries.push({ userId, courseId, lessonId, queuedAt: new Date().toISOString() });
    save(entries);
    return { state: 'queued' };
  }
}

/** An answer that will not change by sending again: the lesson or course is gone, or the request is refused. */
const isFinal = (error: unknown) => error instanceof ApiProblem && [400, 403, 404, 422].includes(error.status);

let flushing: Promise<number> | undefined;

/**
 * Sends the signed-in user's waiting marks, oldest first; stops at the first that gets no answer (still offline).
 * Resolves to the number of marks the server took.
 */
export function flushPendingReads(): Promise<number> {
  flushing ??= (async () => {
    const userId = currentUserId();
    let sent = 0;
    if (!userId) return sent;
    for (const entry of load().filter((candidate) => candidate.userId === userId)) {
      try {
        await markLessonRead(entry.courseId, entry.lessonId);
        sent += 1;
      } catch (error) {
        if (!isFinal(error)) return sent;
      }
      save(load().filter((candidate) => !same(candidate, entry)));
    }
    return sent;
  })().finally(() => {
    flushing = undefined;
  });
  return flushing;
}

/** The pending lessons of a course, kept current as marks are queued and sent. */
export function usePendingLessons(courseId: string): Set<string> {
  const [pending, setPending] = useState(() => pendingLessons(courseId));
  useEffect(() => {
    const update = () => setPending(pendingLessons(courseId));
    listeners.add(update);
    update();
    return () => void listeners.delete(update);
  }, [courseId]);
  return pending;
}

/** Sends waiting marks now and whenever the browser comes back online (every learning page calls this once). */
export function useReadQueue(onSent?: () => void): void {
  useEffect(() => {
    const send = () => void flushPendingReads().then((sent) => sent > 0 && onSent?.(), () => undefined);
    send();
    window.addEventListener('online', send);
    return () => window.removeEventListener('online', send);
  }, []);
}
