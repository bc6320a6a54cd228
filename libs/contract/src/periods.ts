/**
 * Evaluation periods: a year (`2026`), a half (`2026-S1`), a quarter or a month (`2026-03`).
 * Quarters are stored as `2026-Q3`; French users write and read them `2026-T3` (trimestre),
 * so the console shows `T` and the API accepts both.
 */

/** What the API accepts: `2026`, `2026-S1`, `2026-T3` or `2026-Q3`, `2026-03` (letters in any case). */
export const PERIOD_INPUT = /^[0-9]{4}(-([sS][12]|[tTqQ][1-4]|0[1-9]|1[0-2]))?$/;

/** The stored form of a period as typed: trimmed, upper case, a quarter's `T` as `Q`. */
export function storedPeriod(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/-T([1-4])$/, '-Q$1');
}

/** The first and last days (`YYYY-MM-DD`) of a stored period. */
export function periodDays(period: string): { start: string; end: string } {
  const [year, part] = storedPeriod(period).split('-') as [string, string | undefined];
  const months: [number, number] = !part
    ? [1, 12]
    : part.startsWith('S')
      ? [Number(part.slice(1)) * 6 - 5, Number(part.slice(1)) * 6]
      : part.startsWith('Q')
        ? [Number(part.slice(1)) * 3 - 2, Number(part.slice(1)) * 3]
        : [Number(part), Number(part)];
  const lastDay = new Date(Date.UTC(Number(year), months[1], 0)).getUTCDate();
  const two = (n: number) => String(n).padStart(2, '0');
  return { start: `${year}-${two(months[0])}-01`, end: `${year}-${two(months[1])}-${two(lastDay)}` };
}

/** The French form of a stored period: `2026-Q3` → `2026-T3`; others unchanged. */
export function frenchPeriod(period: string): string {
  return period.replace(/-Q([1-4])$/, '-T$1');
}

/** `2026-Q3` → « le 3e trimestre 2026 », `2026-S1` → « le 1er semestre 2026 », `2026-05` → « mai 2026 ». */
export function periodLabel(period: string): string {
  const [year, part] = storedPeriod(period).split('-');
  if (!part) return `l’année ${year}`;
  const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);
  if (part.startsWith('Q')) return `le ${ordinal(Number(part.slice(1)))} trimestre ${year}`;
  if (part.startsWith('S')) return `le ${ordinal(Number(part.slice(1)))} semestre ${year}`;
  return `${FRENCH_MONTHS[Number(part) - 1] ?? part} ${year}`;
}

export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/**
 * A `YYYY-MM-DD` day as French writes it: « 1er mars 2026 », « 14 mars 2026 ». By hand rather than
 * with `Intl.DateTimeFormat` (which writes « 1 mars »): notifications name a date on hot paths.
 */
export function frenchLongDay(day: string): string {
  const [year, month, date] = day.split('-');
  const number = Number(date);
  return `${number === 1 ? '1er' : number} ${FRENCH_MONTHS[Number(month) - 1] ?? month} ${year}`;
}
