/**
 * Statistical disclosure control for every number the platform publishes about people (county reports, statistics):
 * official statistics publish no value based on fewer than three cases, and withhold further values from which such a
 * value could be computed by subtraction (secondary suppression). Sources: the statistical offices' practice of
 * "Geheimhaltung" under § 16 BStatG (Bundesstatistikgesetz) — minimum case number 3 for frequency tables —, and their
 * guidance on secondary suppression (a suppressed cell must not be recoverable from row or column totals);
 * `/work/shared/DOMAIN.md`, "Small counts".
 *
 * Pure; the caller decides which counts form one table: a total and disjoint parts of it, in the order of their
 * importance (when a value must go for secondary reasons, the last part goes first).
 */

/** The minimum number of cases behind a published value. */
export const MIN_CASES = 3;

/** A value of 1 or 2 names people; 0 ("nobody") and 3 or more may be published. */
const small = (count: number) => count > 0 && count < MIN_CASES;

/**
 * The publishable values of a total and its disjoint parts (`null` = withheld):
 * - the total is withheld with all its parts when it is itself small (or zero: a table about nobody says nothing);
 * - a part of 1 or 2 is withheld (primary suppression);
 * - a part whose complement (total − part: everyone else) is 1 or 2 is withheld (secondary: the complement would be
 *   a small group by subtraction);
 * - when the parts do not exhaust the total, the remainder (total − all parts) is a group too: if it is 1 or 2 and every
 *   part is published, the last published part is withheld (secondary: otherwise the remainder follows by subtraction).
 */
export function publishableCounts<K extends string>(total: number, parts: ReadonlyArray<readonly [K, number]>): { total: number | null; parts: Record<K, number | null> } {
  if (total < MIN_CASES) return { total: null, parts: Object.fromEntries(parts.map(([key]) => [key, null])) as Record<K, number | null> };
  const shown = new Map<K, number>(parts.filter(([, count]) => !small(count) && !small(total - count)));
  const remainder = total - parts.reduce((sum, [, count]) => sum + count, 0);
  if (small(remainder) && shown.size === parts.length && parts.length > 0) shown.delete(parts[parts.length - 1]![0]);
  return { total, parts: Object.fromEntries(parts.map(([key]) => [key, shown.get(key) ?? null])) as Record<K, number | null> };
}

/** A published cell: the count, or why it is withheld — `small` (1 or 2: shown as "< 3"), `secondary` (3 or more). */
export type PublishedCell = { value: number } | { withheld: 'small' | 'secondary' };

/**
 * Suppression for a table whose parts EXHAUST its total (every case in exactly one part: applications per service,
 * permits per zone), where the published form of a small cell is "< 3" — so a reader knows each "< 3" is 1 or 2 and
 * each otherwise withheld cell is 3 or more, and knows the total. Then a single "< 3" next to published parts is
 * computed by subtraction, and two of them summing to 3 are each pinned down too. Rule: a "< 3" cell must still be
 * able to be 1 and to be 2 given everything published; while one is not, the smallest published part of 3 or more is
 * withheld as well (secondary suppression); when no part is left, the total is withheld. A total of 1 or 2 withholds
 * the whole table ("< 3" everywhere: each part is 0, 1 or 2). Zero is published (a table of nobody names nobody).
 */
export function publishableTable<K extends string>(total: number, parts: ReadonlyArray<readonly [K, number]>): { total: PublishedCell; parts: Record<K, PublishedCell> } {
  const cells = new Map<K, PublishedCell>(parts.map(([key, count]) => [key, small(count) ? { withheld: 'small' } : { value: count }]));
  const result = () => ({ total: { value: total } as PublishedCell, parts: Object.fromEntries(cells) as Record<K, PublishedCell> });
  if (small(total)) return { total: { withheld: 'small' }, parts: Object.fromEntries(parts.map(([key]) => [key, { withheld: 'small' }])) as Record<K, PublishedCell> };
  for (;;) {
    if (!parts.some(([key]) => isPinned(key))) return result();
    const next = parts.filter(([key, count]) => 'value' in cells.get(key)! && count >= MIN_CASES).sort((a, b) => a[1] - b[1])[0];
    if (!next) return { ...result(), total: { withheld: 'secondary' } };
    cells.set(next[0], { withheld: 'secondary' });
  }

  /** Whether a "< 3" cell is 1 for sure or 2 for sure, given the total and every other cell as published. */
  function isPinned(key: K): boolean {
    if (!('withheld' in cells.get(key)!) || (cells.get(key) as { withheld: string }).withheld !== 'small') return false;
    let hiddenSum = total;
    let minOthers = 0;
    let maxOthers = 0;
    for (const [other, cell] of cells) {
      if ('value' in cell) hiddenSum -= cell.value;
      else if (other !== key) {
        minOthers += cell.withheld === 'small' ? 1 : MIN_CASES;
        maxOthers += cell.withheld === 'small' ? MIN_CASES - 1 : Number.POSITIVE_INFINITY;
      }
    }
    const possible = (own: number) => hiddenSum - own >= minOthers && hiddenSum - own <= maxOthers;
    return !(possible(1) && possible(MIN_CASES - 1));
  }
}
