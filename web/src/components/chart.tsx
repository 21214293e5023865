import type { ComponentChildren } from 'preact';
import { DataTable } from './data-table.tsx';

/**
 * Charts as accessible inline SVG, no library: each is a `<figure>` with a `<figcaption>`, the SVG itself is one image
 * for assistive technology (`role="img"`, its title and a text summary), and the numbers follow as a table in a
 * `<details>` — readable by screen readers, copyable, printable.
 *
 * Layout without measuring: heights are pixels, horizontal positions percentages, so the bars and lines stretch with
 * the width while the text keeps its size (nothing scales down to illegibility at 320 px, nothing scrolls sideways).
 * Series differ by dash pattern and marker shape, not by colour alone (WCAG 1.4.1).
 */
const INK = 'var(--kern-color-layout-text-default, #131525)';
const BAR = 'var(--kern-color-action-default, #1c3b6e)';
const TRACK = 'var(--kern-color-layout-background-hued, #e6e8ef)';
const GRID = 'var(--kern-color-layout-border, #c5c7cf)';
const FONT = { fontSize: '16px', fill: INK } as const;

interface ChartFrame {
  /** Prefix of the ids inside the chart; unique on the page. */
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two: the text alternative of the image. */
  summary: string;
  /** The table of the numbers (`DataTable`'s rows). */
  table: { head: ComponentChildren; body: ComponentChildren };
}

function Frame({ id, title, summary, table, children, height }: ChartFrame & { children: ComponentChildren; height: number }) {
  return (
    <figure class="ok-chart">
      <figcaption id={`${id}-caption`}>
        <span class="kern-title">{title}</span>
        <p class="kern-body kern-body--small">{summary}</p>
      </figcaption>
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} width="100%" height={height} overflow="visible">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {children}
      </svg>
      <details class="ok-chart__data">
        <summary class="kern-link">Daten als Tabelle</summary>
        <DataTable caption={title} head={table.head}>
          {table.body}
        </DataTable>
      </details>
    </figure>
  );
}

export interface Bar {
  label: string;
  /** null: no value to draw (e.g. a suppressed cell); `display` says why. */
  value: number | null;
  display?: string;
}

const ROW = 50;
/** The bars use 80 % of the width; the value stands right of its bar. */
const SPAN = 80;

/** Horizontal bars with the label above each bar (long course and department names fit at 320 px). */
export function BarChart({ id, title, summary, bars, max, format, headings }: { id: string; title: string; summary: string; bars: readonly Bar[]; max: number; format: (value: number) => string; headings: [string, string] }) {
  const scale = (value: number) => (max > 0 ? Math.max(0, Math.min(1, value / max)) * SPAN : 0);
  return (
    <Frame
      id={id}
      title={title}
      summary={summary}
      height={bars.length * ROW + 4}
      table={{
        head: (
          <tr class="kern-table__row">
            <th scope="col" class="kern-table__header">{headings[0]}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{headings[1]}</th>
          </tr>
        ),
        body: bars.map((bar) => (
          <tr class="kern-table__row" key={bar.label}>
            <th scope="row" class="kern-table__header">{bar.label}</th>
            <td class="kern-table__cell kern-table__cell--numeric">{bar.display ?? (bar.value === null ? '–' : format(bar.value))}</td>
          </tr>
        )),
      }}
    >
      {bars.map((bar, index) => {
        const top = index * ROW;
        const width = bar.value === null ? 0 : scale(bar.value);
        return (
          <g key={bar.label}>
            <text x="0" y={top + 17} style={FONT}>
              {bar.label}
            </text>
            <rect x="0" y={top + 24} width={`${SPAN}%`} height="18" style={{ fill: TRACK }} />
            {width > 0 && <rect x="0" y={top + 24} width={`${width}%`} height="18" style={{ fill: BAR }} />}
            <text x={`${width + 1}%`} y={top + 39} style={{ ...FONT, fontWeight: 600 }}>
              {bar.display ?? (bar.value === null ? '–' : format(bar.value))}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

export interface Series {
  label: string;
  /** One value per x (same order as `xs`); null: no value that day. */
  values: ReadonlyArray<number | null>;
}

const PLOT = { top: 10, bottom: 170, left: 17, right: 96 } as const;
const DASHES = [undefined, '6 4', '2 3'] as const;

function Marker({ shape, x, y }: { shape: number; x: string; y: number }) {
  if (shape % 2 === 1) return <rect x={x} y={y - 4} width="8" height="8" transform="translate(-4 0)" style={{ fill: BAR }} />;
  return <circle cx={x} cy={y} r="4" style={{ fill: BAR }} />;
}

/**
 * Lines over time: `xs` are ISO dates (placed by their distance in days, so gaps between runs show as gaps), y from 0
 * to `max` with grid lines at 0, half and `max` (give counts an even `max`, see `countScale`). Up to three series,
 * each with its own dash pattern and marker.
 */
export function LineChart({ id, title, summary, xs, series, max, format, formatX }: { id: string; title: string; summary: string; xs: readonly string[]; series: readonly Series[]; max: number; format: (value: number) => string; formatX: (x: string) => string }) {
  const days = xs.map((x) => Date.parse(`${x}T12:00:00Z`) / 86_400_000);
  const first = days[0] ?? 0;
  const span = (days[days.length - 1] ?? 0) - first;
  const xAt = (index: number) => `${span > 0 ? PLOT.left + ((days[index]! - first) / span) * (PLOT.right - PLOT.left) : (PLOT.left + PLOT.right) / 2}%`;
  const yAt = (value: number) => PLOT.bottom - (max > 0 ? Math.min(1, Math.max(0, value / max)) : 0) * (PLOT.bottom - PLOT.top);
  const ticks = [0, max / 2, max];
  const labelled = xs.length <= 2 ? xs.map((_x, index) => index) : [0, Math.floor((xs.length - 1) / 2), xs.length - 1];
  return (
    <Frame
      id={id}
      title={title}
      summary={summary}
      height={PLOT.bottom + 40 + series.length * 22}
      table={{
        head: (
          <tr class="kern-table__row">
            <th scope="col" class="kern-table__header">Datum</th>
            {series.map((entry) => (
              <th scope="col" class="kern-table__header kern-table__header--numeric" key={entry.label}>
                {entry.label}
              </th>
            ))}
          </tr>
        ),
        body: xs.map((x, index) => (
          <tr class="kern-table__row" key={x}>
            <th scope="row" class="kern-table__header">{formatX(x)}</th>
            {series.map((entry) => (
              <td class="kern-table__cell kern-table__cell--numeric" key={entry.label}>
                {entry.values[index] === null || entry.values[index] === undefined ? '–' : format(entry.values[index]!)}
              </td>
            ))}
          </tr>
        )),
      }}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={`${PLOT.left}%`} x2={`${PLOT.right}%`} y1={yAt(tick)} y2={yAt(tick)} style={{ stroke: GRID }} />
          <text x="0" y={yAt(tick) + 5} style={FONT}>
            {format(tick)}
          </text>
        </g>
      ))}
      {labelled.map((index) => (
        <text key={xs[index]} x={xAt(index)} y={PLOT.bottom + 22} text-anchor={index === 0 && xs.length > 1 ? 'start' : index === xs.length - 1 && xs.length > 1 ? 'end' : 'middle'} style={FONT}>
          {formatX(xs[index]!)}
        </text>
      ))}
      {series.map((entry, shape) => (
        <g key={entry.label}>
          {entry.values.map((value, index) => {
            const next = entry.values[index + 1];
            if (value === null || next === null || next === undefined) return null;
            return <line key={xs[index]} x1={xAt(index)} x2={xAt(index + 1)} y1={yAt(value)} y2={yAt(next)} stroke-width="2" stroke-dasharray={DASHES[shape % 3]} style={{ stroke: BAR }} />;
          })}
          {entry.values.map((value, index) => (value === null ? null : <Marker key={xs[index]} shape={shape} x={xAt(index)} y={yAt(value)} />))}
          <g>
            <line x1="0" x2="28" y1={PLOT.bottom + 44 + shape * 22} y2={PLOT.bottom + 44 + shape * 22} stroke-width="2" stroke-dasharray={DASHES[shape % 3]} style={{ stroke: BAR }} />
            <Marker shape={shape} x="14" y={PLOT.bottom + 44 + shape * 22} />
            <text x="36" y={PLOT.bottom + 50 + shape * 22} style={FONT}>
              {entry.label}
            </text>
          </g>
        </g>
      ))}
    </Frame>
  );
}

/** A y scale for counts whose grid lines fall on whole numbers: even, at least 2. */
export function countScale(values: readonly number[]): number {
  return Math.max(2, Math.ceil(Math.max(0, ...values) / 2) * 2);
}
