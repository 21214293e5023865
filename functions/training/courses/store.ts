/**
 * Course store — the only code that talks to DynamoDB about courses (a tenant's own courses and the version
 * snapshots that enrolments refer to). County courses are files; they reach the table only as snapshots.
 *
 * Access patterns (PK / SK):
 * - a tenant's own course, current version:  `<t>#COURSES` / `<courseId>`            (full course, with answers)
 * - list a tenant's own courses:             Query `<t>#COURSES`
 * - a course version (snapshot):             `<t>#COURSE#<courseId>` / `VERSION#<v:04>` (full course, with answers;
 *                                            written once, never changed — enrolments keep their version)
 * Both single-item reads also exist as `ItemRead`s, so a request can fetch them in one BatchGetItem with its other
 * items (`readItems`).
 *
 * Publishing a tenant course writes the current entry and its version snapshot in one transaction, so the history
 * of a tenant's course is its list of snapshots.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import type { Course } from '../model.ts';

/** Another publication of the same course happened at the same time. */
export class CourseVersionConflict extends Conflict {}
/** A snapshot with this id and version exists, but of another owner's course (ids of county and tenant collided). */
export class CourseIdTaken extends Conflict {}

export const versionSortKey = (version: number) => `VERSION#${String(version).padStart(4, '0')}`;
const ownCourseKey = (tenantId: string, courseId: string) => ({ PK: partitionKey(tenantId, 'COURSES'), SK: courseId });
const versionKey = (tenantId: string, courseId: string, version: number) => ({
  PK: partitionKey(tenantId, 'COURSE', courseId),
  SK: versionSortKey(version),
});

export interface Publication {
  publishedAt: string;
  publishedBy: string;
}

/** Picks the course's fields from an item: keys and bookkeeping attributes are not part of a course. */
function toCourse(item: Record<string, unknown> | undefined): Course | undefined {
  if (!item) return undefined;
  const course = item as unknown as Course;
  return {
    id: course.id,
    version: course.version,
    title: course.title,
    description: course.description,
    audience: course.audience,
    estimatedMinutes: course.estimatedMinutes,
    passMark: course.passMark,
    attemptsAllowed: course.attemptsAllowed,
    validityMonths: course.validityMonths,
    tags: course.tags,
    language: course.language,
    lessons: course.lessons,
    questions: course.questions,
    sources: course.sources,
    owner: course.owner,
  };
}

/** A tenant's own course (current version), for `readItems`. */
export function ownCourseRead(tenantId: string, courseId: string): ItemRead<Course | undefined> {
  return { key: ownCourseKey(tenantId, courseId), parse: toCourse };
}

export async function getOwnCourse(db: DynamoDBDocumentClient, tenantId: string, courseId: string): Promise<Course | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: ownCourseKey(tenantId, courseId) }));
  return toCourse(result.Item);
}

/** A tenant has a handful of own courses; all pages are read (each item is a whole course, so pages can be few). */
export async function listOwnCourses(db: DynamoDBDocumentClient, tenantId: string): Promise<Course[]> {
  const courses: Course[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'COURSES') },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of result.Items ?? []) courses.push(toCourse(item)!);
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return courses;
}

/** A course version (snapshot), for `readItems`. */
export function courseVersionRead(tenantId: string, courseId: string, version: number): ItemRead<Course | undefined> {
  return { key: versionKey(tenantId, courseId, version), parse: toCourse };
}

export async function getCourseVersion(db: DynamoDBDocumentClient, tenantId: string, courseId: string, version: number): Promise<Course | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: versionKey(tenantId, courseId, version), ConsistentRead: true }));
  return toCourse(result.Item);
}

/**
 * Writes the snapshot of a course version once. Repeating it is harmless (the first snapshot stays: an enrolment's
 * version never changes under it). If the existing snapshot belongs to another owner, that is a real conflict.
 *
 * `knownMissing`: the caller has just read the snapshot and found none, so it is not read again before the put.
 */
export async function putCourseVersion(
  db: DynamoDBDocumentClient,
  tenantId: string,
  course: Course,
  now: Date,
  options: { knownMissing?: boolean } = {},
): Promise<'created' | 'existed'> {
  // Read first: usually the snapshot exists, and a refused conditional put of a course (tens of KB) costs as many
  // write units as the item has KB; reading it (consistently) costs about a twentieth of that.
  let existing = options.knownMissing ? undefined : await getCourseVersion(db, tenantId, course.id, course.version);
  if (!existing) {
    try {
      await db.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: { ...versionKey(tenantId, course.id, course.version), ...course, snapshotAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    existing = await getCourseVersion(db, tenantId, course.id, course.version);
  }
  if (existing && existing.owner !== course.owner) {
    throw new CourseIdTaken(`Die Kurs-ID "${course.id}" ist bereits für einen anderen Kurs vergeben.`);
  }
  return 'existed';
}

/**
 * Publishes version `course.version` of a tenant's own course: the current entry (only if the stored current
 * version is still `course.version - 1`, or none for version 1) and the version snapshot, in one transaction.
 */
export async function publishOwnCourse(db: DynamoDBDocumentClient, tenantId: string, course: Course, publication: Publication): Promise<void> {
  const previous = course.version - 1;
  const item = { ...course, ...publication };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...ownCourseKey(tenantId, course.id), ...item },
              ...(previous === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': previous } }),
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...versionKey(tenantId, course.id, course.version), ...item, snapshotAt: publication.publishedAt },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
      if (reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons[1]?.Code === 'ConditionalCheckFailed') {
        // The snapshot key is taken although the current entry is as expected: an old snapshot of a county course
        // with this id (the county removed it from its catalogue). Its enrolments must keep it.
        throw new CourseIdTaken(`Die Kurs-ID "${course.id}" wurde früher für einen Kurs des Kreises verwendet. Bitte wählen Sie eine andere ID.`);
      }
      throw new CourseVersionConflict(`Der Kurs "${course.id}" wurde gerade gleichzeitig geändert. Bitte laden Sie ihn neu und veröffentlichen Sie erneut.`);
    }
    throw error;
  }
}
