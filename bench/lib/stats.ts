/** Summary statistics for benchmark samples: median and spread, never a lone mean. */

export interface Summary {
  n: number;
  median: number;
  p25: number;
  p75: number;
  p99: number;
  min: number;
  max: number;
}

/** Linear-interpolated quantile of sorted samples (the "R-7" definition spreadsheets use). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `12.3 ms (IQR 11.9–13.0, n=20)` */
export function formatSummary(summary: Summary, unit = 'ms', digits = 1): string {
  if (summary.n === 0) return 'n/a';
  return `${round(summary.median, digits)} ${unit} (IQR ${round(summary.p25, digits)}–${round(summary.p75, digits)}, n=${summary.n})`;
}

export function kib(bytes: number): string {
  return `${round(bytes / 1024, 0)} KB`;
}

export function ratio(value: number, floor: number): number {
  return floor > 0 ? value / floor : Number.NaN;
}

export function times(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}
