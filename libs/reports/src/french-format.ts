/** French number and date formats for the documents people read. */
import { frenchLongDay } from '@maillage/contract';

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** `1 234`, `3,5`; Intl's narrow no-break space, which the PDF's font may lack, becomes a no-break space. */
export const frenchNumber = (value: number | null) =>
  value === null ? '—' : numberFormat.format(value).replace(/\u202f/g, '\u00a0');

/** French dates: `4 décembre 2026` (a `YYYY-MM-DD` day, or an instant read in Paris). */
export function frenchDate(value: string): string {
  return frenchLongDay(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : PARIS_DAY.format(new Date(value)));
}

/** An instant's day in Paris, `YYYY-MM-DD` (built once: a formatter costs far more than a format). */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** `2026-03` → `mars 2026`. */
export function frenchMonth(month: string): string {
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** A noun and its gender, for counts written in words. */
export interface Noun {
  one: string;
  many: string;
  feminine?: boolean;
}

/** `aucune alliance`, `1 alliance`, `3 alliances` (French plural from 2). */
export function countOf(count: number, noun: Noun): string {
  if (count === 0) return `${noun.feminine ? 'aucune' : 'aucun'} ${noun.one}`;
  return `${frenchNumber(count)} ${count >= 2 ? noun.many : noun.one}`;
}

/** One of three wordings, by count: none, one, several (`{n}` is the count in French). */
export function byCount(count: number, words: { none: string; one: string; many: string }): string {
  const chosen = count === 0 ? words.none : count < 2 ? words.one : words.many;
  return chosen.replace('{n}', frenchNumber(count));
}

/** `a`, `a et b`, `a, b et c`. */
export function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/** `« titre »` with French quotes and no-break spaces. */
export const quoted = (text: string) => `«\u00a0${text}\u00a0»`;
