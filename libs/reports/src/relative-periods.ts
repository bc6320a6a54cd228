/**
 * Periods a schedule names relative to the day it runs (« le mois écoulé »): a monthly « Bilan
 * d'activité » covers the month that just ended, whenever it runs. Resolved to dates, in the
 * schedule's timezone, at each run.
 */
import { RELATIVE_PERIODS, type RelativePeriod } from '@maillage/contract';

export { RELATIVE_PERIODS, type RelativePeriod };

/** Each relative period in French, as a schedule's list says it. */
export const RELATIVE_PERIOD_LABELS: Record<RelativePeriod, string> = {
  previous_month: 'le mois écoulé',
  previous_quarter: 'le trimestre écoulé',
  previous_year: 'l’année écoulée',
  year_to_date: 'depuis le 1er janvier',
};

export const isRelativePeriod = (value: unknown): value is RelativePeriod =>
  typeof value === 'string' && (RELATIVE_PERIODS as readonly string[]).includes(value);

const pad = (value: number) => String(value).padStart(2, '0');
const day = (year: number, month: number, date: number) => `${year}-${pad(month)}-${pad(date)}`;
/** The last day of a month (1–12). */
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The dates `period` covers when the schedule runs on `today` (`YYYY-MM-DD`, in its timezone). */
export function resolveRelativePeriod(period: RelativePeriod, today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  switch (period) {
    case 'previous_month': {
      const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
      return { from: day(y, m, 1), to: day(y, m, lastDay(y, m)) };
    }
    case 'previous_quarter': {
      const quarter = Math.floor((month - 1) / 3); // 0–3, the current one
      const [y, q] = quarter === 0 ? [year - 1, 3] : [year, quarter - 1];
      const first = q * 3 + 1;
      return { from: day(y, first, 1), to: day(y, first + 2, lastDay(y, first + 2)) };
    }
    case 'previous_year':
      return { from: day(year - 1, 1, 1), to: day(year - 1, 12, 31) };
    case 'year_to_date':
      return { from: day(year, 1, 1), to: today };
  }
}

/** The day it is in `timezone` at `at` (`YYYY-MM-DD`). */
export function dayIn(timezone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(at);
}
