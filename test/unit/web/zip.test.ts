import { describe, expect, it } from 'vitest';
import { MAX_FILES, ZipError, unzipText } from '../../../web/src/zip.ts';
import { zip } from '../../support/zip.ts';

/**
 * The browser's ZIP reader for course uploads, on archives written here the way ZIP tools write them (stored and
 * deflated entries, a top folder, macOS metadata) — and on archives that lie about their contents.
 */
describe('the ZIP reader of course uploads', () => {
  it('reads stored and deflated entries as text, with umlauts, relative to the compressed folder', async () => {
    const files = await unzipText(
      zip([
        { name: 'mein-kurs/', content: '', method: 0 },
        { name: 'mein-kurs/course.yaml', content: 'id: mein-kurs\ntitle: Übung für Ämter\n' },
        { name: 'mein-kurs/lessons/01.md', content: '# Einführung\n\nText.', method: 0 },
        { name: '__MACOSX/mein-kurs/._course.yaml', content: 'junk' },
        { name: 'mein-kurs/.DS_Store', content: 'junk' },
      ]),
    );
    expect([...files.entries()]).toEqual([
      ['course.yaml', 'id: mein-kurs\ntitle: Übung für Ämter\n'],
      ['lessons/01.md', '# Einführung\n\nText.'],
    ]);
  });

  it('keeps paths as they are when the files lie at the top of the archive', async () => {
    const files = await unzipText(zip([{ name: 'course.yaml', content: 'a' }, { name: 'lessons/01.md', content: 'b' }]));
    expect([...files.keys()]).toEqual(['course.yaml', 'lessons/01.md']);
  });

  it('refuses what is not a ZIP, too many files, an entry that unpacks to more than it declares, and non-UTF-8 text', async () => {
    await expect(unzipText(new TextEncoder().encode('name;email\n').buffer as ArrayBuffer)).rejects.toThrow('kein ZIP-Archiv');
    await expect(unzipText(zip(Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `f${i}.md`, content: 'x' }))))).rejects.toThrow(`mehr als ${MAX_FILES} Dateien`);
    await expect(unzipText(zip([{ name: 'bomb.md', content: 'x'.repeat(100_000), size: 10 }]))).rejects.toBeInstanceOf(ZipError);
    await expect(unzipText(zip([{ name: 'huge.md', content: 'x', size: 2_000_000 }]))).rejects.toThrow('größer als 1 MB');
    await expect(unzipText(zip([{ name: 'latin1.md', content: Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]) }]))).rejects.toThrow('keine UTF-8-Textdatei');
  });
});
