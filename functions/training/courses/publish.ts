/**
 * A tenant publishes its own course — sent as JSON (`POST /training/courses`) or as the files of a course folder
 * (`POST /training/courses/files`): the same rules either way. County course ids are reserved (409); the first
 * publication is version 1 and every further one the next version, whatever a course.yaml says (the platform numbers
 * the versions that enrolments keep).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#core/problem';
import { countyCatalogue } from '../catalog.ts';
import type { Course } from '../model.ts';
import { getOwnCourse, publishOwnCourse } from './store.ts';

export class CountyCourseId extends Conflict {}

export type CourseContent = Omit<Course, 'version' | 'owner'>;

export async function publishTenantCourse(db: DynamoDBDocumentClient, tenantId: string, content: CourseContent, by: { userId: string; now: Date }): Promise<Course> {
  const county = await countyCatalogue();
  if (county.some((course) => course.id === content.id)) {
    throw new CountyCourseId(`Die Kurs-ID "${content.id}" gehört zu einem Kurs des Kreises. Bitte wählen Sie eine andere ID.`);
  }
  const previous = await getOwnCourse(db, tenantId, content.id);
  const course: Course = { ...content, version: (previous?.version ?? 0) + 1, owner: tenantId };
  await publishOwnCourse(db, tenantId, course, { publishedAt: by.now.toISOString(), publishedBy: by.userId });
  return course;
}
