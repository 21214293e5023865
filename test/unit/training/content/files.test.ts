import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The county catalogue of these tests: one course, `datenschutz-test`.
  process.env.TRAINING_CONTENT_DIR = decodeURIComponent(new URL('./fixtures/valid/', import.meta.url).pathname);
});

import { handler } from '../../../../functions/training/publish-course-files.handler.ts';
import { loadCourseFolder } from '../../../../functions/training/content/load.ts';
import { call, httpEvent } from '../../../support/events.ts';
import { serveBatchGetsFromGets } from '../../../support/batch-get.ts';
import { fixture } from './support.ts';

/**
 * A tenant course uploaded as the files of its folder: the checks of `npm run content:check` — every problem it
 * reports for a folder is reported for the same files sent to the API, as `<file>:<line>` in the problem's `errors`.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const neussAdmin = { tenantId: 'neuss', roles: ['tenant-admin' as const], sub: 'admin-neuss' };

beforeEach(() => {
  ddb.reset();
  serveBatchGetsFromGets(ddb);
});

/** Every file of a fixture folder by its path relative to the folder, as the web console sends them. */
function filesOf(folder: string): Record<string, string> {
  const root = fixture(folder);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const absolute = path.join(dir, name);
      if (statSync(absolute).isDirectory()) walk(absolute);
      else files[path.relative(root, absolute).split(path.sep).join('/')] = readFileSync(absolute, 'utf8');
    }
  };
  walk(root);
  return files;
}

const post = (body: unknown) => call(handler, httpEvent({ routeKey: 'POST /training/courses/files', caller: neussAdmin, body }));

/** The valid fixture under a tenant's own id (the fixture's own id is the county's course in these tests). */
function ownCourseFiles(): Record<string, string> {
  const files = filesOf('valid/datenschutz-test');
  files['course.yaml'] = files['course.yaml']!.replace('id: datenschutz-test', 'id: neuss-datenschutz');
  return files;
}

describe('POST /training/courses/files', () => {
  it.each(['broken/kurs-metadaten', 'broken/kurs-quiz', 'broken/kurs-syntax', 'broken/kein-kurs'])(
    'answers %s with every problem content:check finds, at file:line, and publishes nothing',
    async (folder) => {
      const result = await post({ files: filesOf(folder) });
      expect(result.statusCode).toBe(422);
      expect(result.headers['content-type']).toContain('application/problem+json');
      expect(result.body.detail).toMatch(/Fehler\. Es wurde nichts veröffentlicht\.$/);
      // The same checks as the command: the folder's errors, with paths relative to the folder and without the
      // folder's own rule (its name is the course id) — an upload has no folder name.
      const prefix = `${fixture(folder)}/`;
      const expected = (await loadCourseFolder(fixture(folder), { baseDir: '/' })).errors
        .filter((error) => !error.message.includes('muss dem Ordnernamen'))
        .map((error) => ({
          field: `${error.file.replace(prefix.slice(1), '')}${error.line === undefined ? '' : `:${error.line}`}`,
          message: error.message.replace(prefix.slice(1), ''),
        }));
      expect(expected.length).toBeGreaterThan(0);
      expect(result.body.errors).toEqual(expected);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    },
  );

  it('names a quiz error by the quiz file and its line', async () => {
    const result = await post({ files: filesOf('broken/kurs-quiz') });
    expect(result.body.errors).toContainEqual({ field: 'quiz.yaml:22', message: expect.stringMatching(/^questions\[2\]\.lesson: Die Frage verweist auf die unbekannte Lektion "vier"/) });
    expect(result.body.errors).toContainEqual({ field: 'lessons/03.md:1', message: 'Die Lektion hat außer der Überschrift keinen Text.' });
  });

  it('publishes a valid course as the next version of the tenant, with the platform numbering the versions', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const result = await post({ files: { ...ownCourseFiles(), 'lessons/99-entwurf.md': '# Entwurf\n\nNoch nicht fertig.' } });
    expect(result.statusCode).toBe(201);
    // course.yaml says version 2; the tenant's first publication is version 1.
    expect(result.body).toMatchObject({ id: 'neuss-datenschutz', version: 1, owner: 'neuss', lessonCount: 3, questionCount: 8, validityMonths: 12 });
    expect(result.body.warnings).toEqual(['lessons/99-entwurf.md Die Datei ist in course.yaml nicht als Lektion eingetragen.']);
    const [current] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(current!.Put!.Item).toMatchObject({ PK: 'neuss#COURSES', SK: 'neuss-datenschutz', version: 1, owner: 'neuss', publishedBy: 'admin-neuss' });
    expect(current!.Put!.Item!.lessons[2]).toEqual({ id: 'pannen', title: 'Datenpannen melden', body: 'Eine Datenpanne melden Sie sofort der oder dem Datenschutzbeauftragten.' });
  });

  it('reserves the ids of county courses (409) and writes nothing', async () => {
    const result = await post({ files: filesOf('valid/datenschutz-test') });
    expect(result.statusCode).toBe(409);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses paths that leave the course folder, and an empty upload, before checking anything', async () => {
    for (const name of ['../course.yaml', '/etc/passwd', 'lessons/../../x.md', './course.yaml', 'lessons\\01.md']) {
      const result = await post({ files: { ...ownCourseFiles(), [name]: 'x' } });
      expect(result.statusCode, name).toBe(400);
      expect(result.body.errors[0].message).toContain('relativ zum Kursordner');
    }
    expect((await post({ files: {} })).body.errors).toEqual([{ field: 'body/files', message: 'Bitte die Dateien des Kursordners senden (mindestens course.yaml).' }]);
    expect(ddb.calls()).toHaveLength(0);
  });
});
