import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'sass';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SASS_OPTIONS = { loadPaths: [path.join(root, 'node_modules')], quietDeps: true, silenceDeprecations: ['if-function' as const], style: 'compressed' as const };

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

/** The selectors (one per comma-separated part of a rule) that name a KERN class. */
function selectors(css: string): Set<string> {
  const found = new Set<string>();
  for (const match of css.matchAll(/([^{}]+)\{/g)) {
    for (const selector of match[1]!.split(',')) if (selector.includes('.kern-')) found.add(selector.trim());
  }
  return found;
}

const classesOf = (selector: string) => [...selector.matchAll(/\.(kern-[a-zA-Z0-9_-]+)/g)].map((match) => match[1]!);

describe('the KERN subset the app compiles (web/src/styles/kern.scss)', () => {
  const subset = selectors(compile(path.join(root, 'web/src/styles/kern.scss'), SASS_OPTIONS).css);
  const full = selectors(compile(path.join(root, 'node_modules/@kern-ux/native/src/scss/themes/kern/index.scss'), SASS_OPTIONS).css);

  it('has every rule of the whole of KERN whose classes the pages use (a container without its padding is a bug too)', () => {
    const used = usedClasses();
    const missing = [...full].filter((selector) => !subset.has(selector) && classesOf(selector).every((name) => used.has(name)));
    expect(missing).toEqual([]);
  });

  it('leaves out what no page uses (the layout utilities), so that it stays small', () => {
    expect(subset.size).toBeLessThan(full.size);
    for (const utility of ['kern-justify-content-between', 'kern-mt-none']) {
      expect([...full].some((selector) => classesOf(selector).includes(utility)), utility).toBe(true);
      expect([...subset].some((selector) => classesOf(selector).includes(utility)), utility).toBe(false);
    }
    expect(subset.has('.kern-container')).toBe(true);
  });
});
