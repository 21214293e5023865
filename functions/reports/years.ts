import { HttpProblem } from '#core/problem';

/** The report year asked for (default: the current one); a future year is bad input, with the field named. */
export function reportYear(asked: number | undefined, today: string): number {
  const current = Number(today.slice(0, 4));
  if (asked === undefined) return current;
  if (asked > current) throw new HttpProblem('bad-request', `Für ${asked} gibt es noch keine Zahlen.`, [{ field: 'query/year', message: `Bitte ein Jahr bis ${current} wählen.` }]);
  return asked;
}
