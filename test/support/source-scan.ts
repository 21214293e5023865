/**
 * A small reader of our TypeScript sources for tests that check a rule over every file (TypeScript 7 ships no compiler
 * API to walk the syntax tree). It masks string literals, template text and comments, so that what is left is code:
 * an expression inside `${…}` stays visible, the words of a German message do not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceFile {
  path: string;
  text: string;
  /** The text with literal contents and comments replaced by spaces; same length and line breaks as `text`. */
  code: string;
}

export function sourceFiles(root: string, projectRoot: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        files.push({ path: relative(projectRoot, path), text, code: maskLiterals(text) });
      }
    }
  };
  walk(root);
  return files;
}

const REGEX_CAN_FOLLOW = /[(,=:[!&|?{};+\-*%<>~^]$|^$|\breturn$|\btypeof$/;

/** Replaces the contents of string, template and regex literals and of comments by spaces (line breaks kept). */
export function maskLiterals(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  // A stack of template literals whose `${` we are inside; a number counts the braces opened in that expression.
  const templates: number[] = [];
  let i = 0;
  const inTemplateText = (start: number): number => {
    // Scans template text from `start` to the closing backtick or the next `${`; returns the index after it.
    let j = start;
    while (j < text.length) {
      if (text[j] === '\\') j += 2;
      else if (text[j] === '`') {
        blank(start, j);
        return j + 1;
      } else if (text[j] === '$' && text[j + 1] === '{') {
        blank(start, j);
        templates.push(0);
        return j + 2;
      } else j += 1;
    }
    blank(start, j);
    return j;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === '`') {
      i = inTemplateText(i + 1);
    } else if (c === '/' && REGEX_CAN_FOLLOW.test(text.slice(Math.max(0, i - 8), i).trimEnd())) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '[') (inClass = true), (j += 1);
        else if (text[j] === ']') (inClass = false), (j += 1);
        else if (text[j] === '/' && !inClass) break;
        else j += 1;
      }
      blank(i + 1, j);
      i = j + 1;
    } else if (templates.length > 0 && c === '{') {
      templates[templates.length - 1]! += 1;
      i += 1;
    } else if (templates.length > 0 && c === '}') {
      if (templates[templates.length - 1] === 0) {
        templates.pop();
        i = inTemplateText(i + 1);
      } else {
        templates[templates.length - 1]! -= 1;
        i += 1;
      }
    } else i += 1;
  }
  return out.join('');
}

/** The argument list of the call whose `(` is at `open` (in masked code): from `(` to its matching `)`. */
export function argumentsAt(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth += 1;
    else if (code[i] === ')') {
      depth -= 1;
      if (depth === 0) return code.slice(open, i + 1);
    }
  }
  return code.slice(open);
}

export function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}
