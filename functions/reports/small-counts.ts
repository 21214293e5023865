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
