import { describe, expect, it } from 'vitest';
import { publishableTable, type PublishedCell } from '../../../functions/reports/small-counts.ts';

/** Every table of `length` parts with counts 0..max. */
function* tables(length: number, max: number): Generator<number[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const rest of tables(length - 1, max)) for (let count = 0; count <= max; count += 1) yield [...rest, count];
}

/** Whether `candidate` could be the true table behind what was published, as a reader knows the rules. */
function consistent(published: { total: PublishedCell; parts: Record<string, PublishedCell> }, candidate: number[]): boolean {
  const sum = candidate.reduce((a, b) => a + b, 0);
  const matches = (cell: PublishedCell, count: number) =>
    'value' in cell ? cell.value === count : cell.withheld === 'small' ? count >= 0 && count <= 2 && ('value' in published.total ? count >= 1 : true) : count >= 3;
  if (!matches(published.total, sum)) return false;
  return candidate.every((count, index) => matches(published.parts[`p${index}`]!, count));
}

describe('small-count suppression of a table whose parts exhaust its total', () => {
  it('never lets a reader compute a value below 3 that was withheld — every table of up to 4 parts with counts up to 6', () => {
    const maxCount = 6;
    for (let length = 1; length <= 4; length += 1) {
      for (const parts of tables(length, maxCount)) {
        const total = parts.reduce((a, b) => a + b, 0);
        const published = publishableTable(total, parts.map((count, index) => [`p${index}`, count] as const));
        // Published values are true, and nothing below 3 (other than 0) is published.
        if ('value' in published.total) expect(published.total.value).toBe(total);
        parts.forEach((count, index) => {
          const cell = published.parts[`p${index}`]!;
          if ('value' in cell) {
            expect(cell.value).toBe(count);
            expect(count === 0 || count >= 3).toBe(true);
          }
        });
        // For each withheld small part: the published table is consistent with at least two values of it. Candidates
        // differ from the table only in withheld cells (published ones are known).
        const hidden = parts.map((_, index) => index).filter((index) => !('value' in published.parts[`p${index}`]!));
        const possible = [...tables(hidden.length, maxCount + 3)]
          .map((values) => parts.map((count, index) => (hidden.includes(index) ? values[hidden.indexOf(index)]! : count)))
          .filter((candidate) => consistent(published, candidate));
        parts.forEach((count, index) => {
          if (count === 0 || count >= 3) return;
          const values = new Set(possible.map((candidate) => candidate[index]));
          expect(values.size, `table ${parts.join(',')}: part ${index} is derivable`).toBeGreaterThan(1);
        });
      }
    }
  }, 30_000);

  it('withholds one more part when a single "< 3" stands next to published parts and the total', () => {
    const published = publishableTable(21, [['a', 1], ['b', 10], ['c', 11]]);
    expect(published.parts).toEqual({ a: { withheld: 'small' }, b: { withheld: 'secondary' }, c: { value: 11 } });
    expect(published.total).toEqual({ value: 21 });
  });

  it('withholds the whole table when its total is 1 or 2, and publishes a table of nobody', () => {
    expect(publishableTable(2, [['a', 2], ['b', 0]]).parts).toEqual({ a: { withheld: 'small' }, b: { withheld: 'small' } });
    expect(publishableTable(0, [['a', 0]])).toEqual({ total: { value: 0 }, parts: { a: { value: 0 } } });
  });
});
