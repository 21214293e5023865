/**
 * Re-renders RESULTS.md from the raw figures of the last run (`bench/.build/<size>/results.json`) without measuring
 * again — for changes to the report's wording: `tsx bench/render.ts [full|tiny]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderResults, type BenchFigures } from './report.ts';

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const size = process.argv[2] === 'tiny' ? 'tiny' : 'full';
const figures = JSON.parse(readFileSync(path.join(BENCH_DIR, '.build', size, 'results.json'), 'utf8')) as BenchFigures;
const out = process.env.BENCH_OUT ?? (size === 'full' ? path.join(BENCH_DIR, 'RESULTS.md') : path.join(BENCH_DIR, '.build', 'RESULTS.tiny.md'));
writeFileSync(out, renderResults(figures));
console.log(`re-rendered ${path.relative(process.cwd(), out)} from the figures of ${figures.machine.date}`);
