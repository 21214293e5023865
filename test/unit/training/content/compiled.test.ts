import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { contentCheck } from '../../../../infra/cli/content-check.ts';
import { COMPILED_CATALOGUE_FILE, compileCatalogue, parseCompiledCatalogue } from '../../../../functions/training/content/compiled.ts';
import { loadCatalogue } from '../../../../functions/training/content/load.ts';

/**
 * The deployed functions read the county catalogue compiled at build time (`content:check --out`) instead of the
 * YAML files; what they read must be exactly what the YAML loader gives the unbundled code (tests, local platform).
 */
const BROKEN = 'test/unit/training/content/fixtures/broken';
const scratch = mkdtempSync(path.join(tmpdir(), 'openkreis-compiled-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the compiled catalogue', () => {
  it('holds the real training content exactly as the YAML loader reads it', async () => {
    const loaded = await loadCatalogue('training-content');
    expect(loaded.errors).toEqual([]);
    const out = path.join(scratch, 'real', COMPILED_CATALOGUE_FILE);
    expect(await contentCheck('training-content', { log: () => undefined }, { compileTo: out })).toBe(0);
    const compiled = parseCompiledCatalogue(readFileSync(out, 'utf8'), out);
    expect(compiled.map((course) => course.id)).toEqual(loaded.courses.map((course) => course.id));
    expect(compiled).toEqual(loaded.courses);
    // With the answers: enrolments snapshot and score the full course.
    expect(compiled[0]!.questions.some((question) => question.options.some((option) => option.correct))).toBe(true);
  });

  it('is not written when the content has errors (the build fails instead)', async () => {
    const out = path.join(scratch, 'broken', COMPILED_CATALOGUE_FILE);
    expect(await contentCheck(BROKEN, { log: () => undefined }, { compileTo: out })).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a file that is not a compiled catalogue of this format', () => {
    expect(() => parseCompiledCatalogue('{"courses":[]}', 'x.json')).toThrow(/not a compiled training catalogue/);
    expect(() => parseCompiledCatalogue('<html>', 'x.json')).toThrow(/not valid JSON/);
    expect(parseCompiledCatalogue(compileCatalogue([]), 'x.json')).toEqual([]);
  });

  it('is written by the command with --out, as the build runs it', () => {
    const out = path.join(scratch, 'command', 'training-content', COMPILED_CATALOGUE_FILE);
    const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'infra/cli/content-check.ts', 'training-content', '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(parseCompiledCatalogue(readFileSync(out, 'utf8'), out).length).toBeGreaterThan(0);
  }, 30_000);
});

describe('the catalogue of a bundled function', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).OPENKREIS_TRAINING_CONTENT;
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  // In a bundle, `OPENKREIS_TRAINING_CONTENT` is replaced by the bundler; here it is a global of the same value.
  async function bundledCatalogue(dir: string) {
    (globalThis as Record<string, unknown>).OPENKREIS_TRAINING_CONTENT = 'json';
    vi.stubEnv('TRAINING_CONTENT_DIR', dir);
    vi.resetModules();
    return import('../../../../functions/training/catalog.ts');
  }

  it('reads the compiled JSON from the content directory — the same courses the YAML files give', async () => {
    const dir = path.join(scratch, 'bundle', 'training-content');
    expect(await contentCheck('training-content', { log: () => undefined }, { compileTo: path.join(dir, COMPILED_CATALOGUE_FILE) })).toBe(0);
    const catalog = await bundledCatalogue(dir);
    const courses = await catalog.countyCatalogue();
    expect(courses).toEqual((await loadCatalogue('training-content')).courses);
    expect(Object.isFrozen(courses[0]!.lessons[0])).toBe(true);
  });

  it('does not fall back to the YAML files: a content directory without the compiled file fails loudly', async () => {
    const catalog = await bundledCatalogue(path.resolve('training-content'));
    await expect(catalog.countyCatalogue()).rejects.toThrow(/catalogue\.json/);
  });
});
