import { normaliseText } from '../directory/identifiers.js';

/** A cell read as a value, or the French reason it could not be. */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const TRUE_WORDS = new Set(['oui', 'o', 'vrai', 'x', 'yes', 'y', 'true', '1', 'employeuse', 'employeur']);
const FALSE_WORDS = new Set(['non', 'n', 'faux', 'no', 'false', '0', 'non employeuse', 'non employeur']);

/** Oui/non as spreadsheets write it: "oui", "Non", "VRAI", "faux", "x", "1"; blank is no answer. */
export function readBoolean(text: string): Read<boolean | null> {
  const word = text.trim() === '✓' || text.trim() === '✔' ? 'x' : normaliseText(text);
  if (!word) return { ok: true, value: null };
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, message: `oui ou non attendu, lu : « ${text.trim()} »` };
}

/**
 * A number as French spreadsheets write it: decimal comma ("45,1885"),
 * thousands grouped by spaces, non-breaking ones included ("1 234,5"), or
 * the decimal point; blank is no value.
 */
export function readNumber(text: string): Read<number | null> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  let compact = trimmed.replace(/[\s\u00a0\u202f]/g, '');
  // "1.234,5": points group thousands when a comma holds the decimals.
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(compact)) compact = compact.replace(/\./g, '');
  if (/^[+-]?\d+,\d+$/.test(compact)) compact = compact.replace(',', '.');
  const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(compact) ? Number(compact) : Number.NaN;
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `nombre attendu, lu : « ${trimmed} »` };
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as French spreadsheets write it, as `aaaa-mm-jj`: "05/01/2024",
 * "5-1-2024", "05.01.24", "5 janvier 2024", "1er janv. 2024", or already
 * ISO (what an XLSX date cell reads as). Day first, never month first.
 */
export function readDate(text: string): Read<string | null> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  let parts: [number, number, number] | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(trimmed);
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(trimmed);
  const words = /^(\d{1,2})(?:er)? ([a-z]+)\.? (\d{4})$/.exec(normaliseText(trimmed).replace(/^(\d{1,2}) er /, '$1 '));
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (numeric) {
    const year = Number(numeric[3]);
    parts = [numeric[3]?.length === 2 ? 2000 + year : year, Number(numeric[2]), Number(numeric[1])];
  } else if (words?.[2] && MONTHS[words[2]]) parts = [Number(words[3]), MONTHS[words[2]] ?? 0, Number(words[1])];
  const value = parts ? isoDate(...parts) : undefined;
  return value ? { ok: true, value } : { ok: false, message: `date attendue (jj/mm/aaaa), lu : « ${trimmed} »` };
}
