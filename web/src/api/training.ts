import type { CourseSummary } from '#functions/training/content/view';
import type { certificateOfCycle, certificateView } from '#functions/training/certificates/view';
import type { EnrolmentView } from '#functions/training/enrolments/domain';
import type { AttemptResult } from '#functions/training/enrolments/progress';
import type { StartedAttempt } from '#functions/training/enrolments/learning';
import type { QuizAnswers } from '#functions/training/content/scoring';
import type { MyCourse } from '#functions/training/learner-views';
import { api } from './client.ts';

/**
 * The learning app's calls, one function per route, typed with the server's own types (type-only imports: nothing of
 * the server is bundled). The course as the learner learns it is kept in memory per course, so that moving between
 * lessons works on a flaky connection; every change drops it.
 */
export type { MyCourse, EnrolmentView, CourseSummary, QuizAnswers };
export type CycleCertificate = NonNullable<ReturnType<typeof certificateOfCycle>>;
export type Certificate = ReturnType<typeof certificateView>;
export type LessonOfCourse = MyCourse['course']['lessons'][number];
export type Question = StartedAttempt['questions'][number];

export interface MyTraining {
  enrolments: EnrolmentView[];
  certificates: CycleCertificate[];
}

export interface Attempt {
  attempt: number;
  attemptsAllowed: number;
  questions: Question[];
}

export interface Submission extends AttemptResult {
  attemptsUsed: number;
  attemptsAllowed?: number;
  enrolment: EnrolmentView;
  certificate?: Certificate;
}

export interface LessonRead {
  enrolment: EnrolmentView;
  certificate?: Certificate;
}

export interface CertificateDownload {
  url: string;
  /** The public verification page of the certificate (`/verify/…`), the address its QR code holds. */
  verifyUrl: string;
  expiresInSeconds: number;
  fileName: string;
  contentType: string;
  certificate: Certificate;
}

const path = (id: string) => encodeURIComponent(id);
const courses = new Map<string, Promise<MyCourse>>();

export function forgetCourse(courseId: string): void {
  courses.delete(courseId);
}

export async function myTraining(): Promise<MyTraining> {
  return (await api<MyTraining>('GET', '/training/me')).body;
}

export async function catalogue(): Promise<CourseSummary[]> {
  return (await api<{ items: CourseSummary[] }>('GET', '/training/courses')).body.items;
}

/** The course as the learner learns it (their cycle's version), from memory when this page load has read it. */
export function myCourse(courseId: string, fresh = false): Promise<MyCourse> {
  let entry = fresh ? undefined : courses.get(courseId);
  if (!entry) {
    entry = api<MyCourse>('GET', `/training/me/courses/${path(courseId)}`).then((response) => response.body);
    entry.catch(() => courses.delete(courseId));
    courses.set(courseId, entry);
  }
  return entry;
}

export async function enrol(courseId: string): Promise<EnrolmentView> {
  forgetCourse(courseId);
  return (await api<EnrolmentView>('POST', `/training/courses/${path(courseId)}/enrol`)).body;
}

/** Idempotent on the server: sending it again (a retry after a lost answer) changes nothing. */
export async function markLessonRead(courseId: string, lessonId: string): Promise<LessonRead> {
  const response = await api<LessonRead>('POST', `/training/courses/${path(courseId)}/lessons/${path(lessonId)}/read`);
  forgetCourse(courseId);
  return response.body;
}

/** Starts the next attempt, or hands out the one started and not yet submitted. */
export async function startAttempt(courseId: string): Promise<Attempt> {
  forgetCourse(courseId);
  return (await api<Attempt>('POST', `/training/courses/${path(courseId)}/attempts`)).body;
}

export async function submitAttempt(courseId: string, attempt: number, answers: QuizAnswers): Promise<Submission> {
  const response = await api<Submission>('POST', `/training/courses/${path(courseId)}/attempts/${attempt}/submit`, { body: { answers } });
  forgetCourse(courseId);
  return response.body;
}

export async function certificateDownload(certificateId: string): Promise<CertificateDownload> {
  return (await api<CertificateDownload>('GET', `/training/certificates/${path(certificateId)}`)).body;
}
