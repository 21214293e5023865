import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'sass';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(tsx?|css)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every `kern-…` class named literally in the web app and in the pages the API renders (`functions/`). */
function usedClasses(): Set<string> {
  const used = new Set<string>();
  for (const file of [...sources('web/src'), ...sources('functions')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bkern-[a-z0-9]+(?:[-_]{1,2}[a-z0-9]+)*/g)) used.add(match[0]);
  }
  return used;
}

function definedClasses(css: string): Set<string> {
  return new Set([...css.matchAll(/\.(kern-[a-zA-Z0-9_-]+)/g)].map((match) => match[1]!));
}

describe('the KERN subset the app compiles (web/src/styles/kern.scss)', () => {
  const subset = definedClasses(compile(path.join(root, 'web/src/styles/kern.scss'), { loadPaths: [path.join(root, 'node_modules')], quietDeps: true, silenceDeprecations: ['if-function'] }).css);
  const full = definedClasses(readFileSync(path.join(root, 'node_modules/@kern-ux/native/dist/kern.min.css'), 'utf8'));

  it('defines every KERN class a page uses that the whole of KERN defines', () => {
    const missing = [...usedClasses()].filter((name) => full.has(name) && !subset.has(name));
    expect(missing).toEqual([]);
  });

  it('leaves out what no page uses (the layout utilities), so that it stays small', () => {
    expect(subset.size).toBeLessThan(full.size);
    expect(subset.has('kern-col-md-6')).toBe(false);
    expect(subset.has('kern-btn')).toBe(true);
  });
});
